package jp.renkei.sync.delivery;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import jp.renkei.contracts.events.CloudEvent;
import jp.renkei.contracts.webhooks.WebhookSignature;
import jp.renkei.sync.SyncProperties;
import jp.renkei.sync.partner.Endpoint;
import org.springframework.stereotype.Component;

/**
 * Sends one event to one endpoint as a Standard Webhooks request: {@code webhook-id} is the event id (stable
 * across retries, so the receiver can de-duplicate), the body the CloudEvent in structured JSON. Redirects are
 * not followed: a 3xx counts as a failure.
 */
@Component
class WebhookSender {

    static final String USER_AGENT = "Renkei-Webhooks/1 (regional-sync-service)";
    static final String CONTENT_TYPE = "application/cloudevents+json; charset=utf-8";

    private final HttpClient http;
    private final Duration requestTimeout;
    private final Clock clock;
    private final WebhookUrlGuard urlGuard;

    WebhookSender(SyncProperties properties, Clock clock, WebhookUrlGuard urlGuard) {
        this.urlGuard = urlGuard;
        this.requestTimeout = properties.delivery().requestTimeout();
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    Outcome send(Endpoint endpoint, CloudEvent event) {
        try {
            urlGuard.check(endpoint.url());
        } catch (WebhookUrlGuard.RefusedWebhookUrlException refused) {
            return new Outcome(null, "refused: " + refused.getMessage(), null);
        }
        byte[] body = event.toStructuredJson();
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint.url()))
                .timeout(requestTimeout)
                .header("Content-Type", CONTENT_TYPE)
                .header("User-Agent", USER_AGENT)
                .header(WebhookSignature.ID_HEADER, event.id())
                .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(WebhookSignature.SIGNATURE_HEADER, endpoint.signingSecrets(clock.instant()).stream()
                        .map(secret -> WebhookSignature.forSecret(secret).sign(event.id(), timestamp, body))
                        .collect(java.util.stream.Collectors.joining(" ")))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            return new Outcome(status, status >= 200 && status < 300 ? null : "HTTP " + status,
                    response.headers().firstValue("Retry-After").map(value -> retryAfter(value, clock)).orElse(null));
        } catch (IOException e) {
            return new Outcome(null, e.getClass().getSimpleName() + ": " + e.getMessage(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(null, "interrupted", null);
        }
    }

    /** A {@code Retry-After} in seconds or as an HTTP date; null when it is neither. */
    static java.time.Duration retryAfter(String value, Clock clock) {
        try {
            return java.time.Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                java.time.Instant at = java.time.ZonedDateTime.parse(value.trim(),
                        java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return java.time.Duration.between(clock.instant(), at).isNegative() ? java.time.Duration.ZERO
                        : java.time.Duration.between(clock.instant(), at);
            } catch (java.time.format.DateTimeParseException notADate) {
                return null;
            }
        }
    }

    /**
     * @param statusCode null when no response came back
     * @param retryAfter what the partner asked for with {@code Retry-After}, or null
     */
    record Outcome(Integer statusCode, String error, java.time.Duration retryAfter) {
        boolean succeeded() {
            return error == null;
        }

        boolean gone() {
            return statusCode != null && statusCode == 410;
        }

        boolean asksToWait() {
            return retryAfter != null && statusCode != null && (statusCode == 429 || statusCode == 503);
        }
    }
}
