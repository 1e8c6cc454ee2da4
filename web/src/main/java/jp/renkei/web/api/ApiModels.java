package jp.renkei.web.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import jp.renkei.contracts.consultation.ConsultationTarget;
import jp.renkei.contracts.plan.MeasureSnapshot;

/** The parts of the gateway's API answers that the pages show; unknown fields are ignored. */
public final class ApiModels {

    private ApiModels() {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PlanTree(String planId, String municipalityName, String title, List<Goal> goals) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Goal(int number, String title, List<Area> areas) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Area(String id, String title, List<MeasureSummary> measures) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record MeasureSummary(String measureId, String number, String title, String status, long version) {
    }

    /** A measure as {@code GET /api/plans/{planId}/measures/{measureId}} shows it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Measure(String planId, int goalNumber, String areaId, String measureId, String number, String title,
                          List<String> currentSituation, String basicPolicy,
                          List<MeasureSnapshot.Initiative> initiatives, List<String> relatedPlans,
                          List<MeasureSnapshot.GlossaryTerm> glossary, List<String> tags, String status, long version,
                          Instant updatedAt) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RevisionSummary(long version, String eventType, Instant recordedAt, String editor, String reason,
                                  List<String> changedSections, String status) {
    }

    /** One version of a measure: its summary and the measure as it stood. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Revision(RevisionSummary revision, Measure measure) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SearchHit(String measureId, String section, String itemId, String text) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Attachment(String title, String url) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Abandonment(String reason, Instant at) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Consultation(String id, String caseNumber, String title, String summary, String planId,
                               List<ConsultationTarget> targets, String legalBasis, String department, String contact,
                               LocalDate publicationDate, LocalDate deadline, long periodDays,
                               String shortenedPeriodReason, Instant opensAt, Instant closesAt,
                               List<Attachment> attachments, String status, Instant openedAt, Instant closedAt,
                               Instant resultsPublishedAt, Abandonment abandonment) {

        public boolean open() {
            return "OPEN".equals(status);
        }

        public boolean resultsPublished() {
            return "RESULTS_PUBLISHED".equals(status);
        }
    }

    /** What the opinion form sends. */
    public record NewOpinion(String measureId, String text, Submitter submitter) {
    }

    public record Submitter(String name, String address, String contact, String ageGroup) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Receipt(String consultationId, String receiptNumber, Instant submittedAt) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Result(String consultationId, String caseNumber, String title, LocalDate publicationDate,
                         LocalDate deadline, long periodDays, Instant publishedAt, long opinionCount,
                         long publishedOpinionCount, long hiddenOpinionCount, boolean noOpinions, String note,
                         Map<String, Long> outcomeCounts, List<ResultOpinion> opinions, List<ResultGroup> groups) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ResultOpinion(String receiptNumber, List<String> measureIds, String text, boolean summarised,
                                boolean redacted, boolean hidden, String hiddenReason, String groupId,
                                String outcome, String outcomeLabel, String response) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ResultGroup(String groupId, String label, List<String> receiptNumbers, String outcomeLabel,
                              String response) {
    }
}
