package jp.renkei.web.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import jp.renkei.contracts.consultation.ConsultationTarget;

/** The parts of the gateway's staff answers (moderation, partners, deliveries, keys) that the desk shows. */
public final class StaffModels {

    private StaffModels() {
    }

    /** What opening a consultation sends ({@code POST /api/consultations}). */
    public record NewConsultation(String title, String summary, String planId, List<ConsultationTarget> targets,
                                  String legalBasis, String department, String contact, LocalDate publicationDate,
                                  LocalDate deadline) {
    }

    /** The caller as the gateway sees it ({@code GET /api/me}). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Caller(String subject, List<String> roles, String partnerId, boolean anonymous) {

        private static final List<String> STAFF_ROLES = List.of("PLAN_EDITOR", "MODERATOR", "OPERATOR");

        /** The desk is for the city's staff: an editor, a moderator or an operator, not a partner. */
        public boolean isStaff() {
            return !anonymous && !staffRoles().isEmpty();
        }

        /** The caller's roles that open parts of the desk. */
        public List<String> staffRoles() {
            return roles == null ? List.of() : roles.stream().filter(STAFF_ROLES::contains).toList();
        }
    }

    public record Hiding(String reason, String note, String by, Instant at) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CityResponse(String outcome, String text, String by, Instant at) {
    }

    /** An opinion as moderators see it: no personal data. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ModeratorOpinion(String id, String receiptNumber, List<String> measureIds, String text,
                                   String publicText, Instant submittedAt, Hiding hidden, String redactedText,
                                   String summary, String groupId, CityResponse response, long version) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record OpinionGroup(String id, String label, CityResponse response) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Partner(String id, String name, String nameEn, String kind, String description) {
    }

    /**
     * @param breaker its circuit breaker as the instance sending to it last saw it; null before anything was sent
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Endpoint(String id, String url, boolean enabled, String disabledReason, Instant failingSince,
                           Instant createdAt, Instant previousSecretValidUntil, Integer maxDeliveriesPerSecond,
                           Breaker breaker) {

        /** The breaker's state in words, or null when there is none yet. */
        public String breakerLabel() {
            if (breaker == null) {
                return null;
            }
            return switch (breaker.state()) {
                case "OPEN" -> "開（送信を止め、次の試行を待っています）";
                case "HALF_OPEN" -> "半開（試行の1件で再開を判断します）";
                default -> "閉（送信しています）";
            };
        }

        /** 有効, 一時停止 (an operator paused it) or 停止 (the dispatcher disabled it, with its reason). */
        public String state() {
            if (enabled) {
                return failingSince == null ? "ENABLED" : "FAILING";
            }
            return disabledReason == null ? "PAUSED" : "DISABLED";
        }
    }

    /** @param state CLOSED, OPEN or HALF_OPEN */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Breaker(String state, Instant since) {
    }

    /** An endpoint with a secret, which the API shows once: after registering or rotating. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record EndpointWithSecret(Endpoint endpoint, String secret) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Delivery(String id, String endpointId, String eventId, String eventType, String subject,
                           long sequence, String status, int attempts, Instant nextAttemptAt, Instant createdAt,
                           Instant deliveredAt, Integer lastStatusCode, String lastError, String replayId) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Attempt(int attempt, Instant at, Integer statusCode, long durationMillis, String error,
                          String responseExcerpt) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DeliveryLog(Delivery delivery, List<Attempt> attempts) {
    }

    /**
     * A partner's queue as far as the console looked: {@code pending} deliveries among the newest it read (the API
     * lists at most {@code limit}; {@code atLeast} says the real number may be larger), and the oldest one's age.
     */
    public record Backlog(int pending, boolean atLeast, Duration oldestPendingAge) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ApiKey(String id, String prefix, String owner, List<String> roles, String partnerId,
                         Instant createdAt, Instant lastUsedAt, Instant expiresAt, Instant revokedAt) {
    }

    /** The key itself, shown once. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record IssuedKey(String key, ApiKey details) {
    }

    public record NewKey(String owner, List<String> roles, String partnerId, Integer validDays) {
    }
}
