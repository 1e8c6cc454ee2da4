package jp.renkei.plan.web;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;
import java.util.List;
import jp.renkei.plan.measure.MeasureService;
import jp.renkei.plan.revision.Revision;
import jp.renkei.plan.revision.RevisionDiff;
import jp.renkei.plan.revision.RevisionProjection;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** The history of a measure: every version, who made it and why, and what changed between two of them. */
@RestController
@Validated
@RequestMapping("/plans/{planId}/measures/{measureId}")
class RevisionController {

    private final RevisionProjection revisions;
    private final MeasureService measures;

    RevisionController(RevisionProjection revisions, MeasureService measures) {
        this.revisions = revisions;
        this.measures = measures;
    }

    @GetMapping("/revisions")
    List<RevisionSummary> history(@PathVariable @Pattern(regexp = Ids.PATTERN) String planId,
                                  @PathVariable @Pattern(regexp = Ids.PATTERN) String measureId) {
        long current = measures.get(planId, measureId).version();
        return revisions.history(planId, measureId, current).stream().map(RevisionSummary::of).toList();
    }

    @GetMapping("/revisions/{version}")
    RevisionView revision(@PathVariable @Pattern(regexp = Ids.PATTERN) String planId,
                          @PathVariable @Pattern(regexp = Ids.PATTERN) String measureId,
                          @PathVariable @Min(1) long version) {
        Revision revision = find(planId, measureId, version);
        return new RevisionView(RevisionSummary.of(revision), revision.measure());
    }

    /** What changed from version {@code from} to version {@code to}, section by section. */
    @GetMapping("/diff")
    RevisionDiff diff(@PathVariable @Pattern(regexp = Ids.PATTERN) String planId,
                      @PathVariable @Pattern(regexp = Ids.PATTERN) String measureId,
                      @RequestParam @Min(1) long from, @RequestParam @Min(1) long to) {
        return RevisionDiff.between(find(planId, measureId, from), find(planId, measureId, to));
    }

    private Revision find(String planId, String measureId, long version) {
        return revisions.find(planId, measureId, version)
                .orElseThrow(() -> new RevisionNotFoundException(planId, measureId, version));
    }

    /**
     * One version in the history: who made it ({@code editor}, the subject; {@code editedBy}, the municipality it
     * acted for, on revisions and lifecycle steps) and, for a co-owner's approval, who approved which version.
     */
    record RevisionSummary(long version, String eventType, String eventId, Instant recordedAt, String editor,
                           JsonNode editedBy, String reason, JsonNode changedSections, String status,
                           JsonNode approvedBy, Long approvedVersion) {

        static RevisionSummary of(Revision revision) {
            JsonNode data = revision.data();
            boolean approval = data.path("approvedBy").isObject();
            return new RevisionSummary(revision.version(), revision.eventType(), revision.eventId(),
                    revision.recordedAt(), data.path(approval ? "approver" : "editor").asString(null),
                    objectOrNull(data, approval ? "approvedBy" : "editedBy"),
                    data.path(approval ? "comment" : "reason").asString(null),
                    data.path("changedSections").isArray() ? data.get("changedSections") : null,
                    revision.measure().path("status").asString(null), objectOrNull(data, "approvedBy"),
                    approval ? data.path("approvedVersion").asLong() : null);
        }

        private static JsonNode objectOrNull(JsonNode data, String field) {
            return data.path(field).isObject() ? data.get(field) : null;
        }
    }

    record RevisionView(RevisionSummary revision, JsonNode measure) {
    }

    static class RevisionNotFoundException extends RuntimeException {
        RevisionNotFoundException(String planId, String measureId, long version) {
            super("measure " + measureId + " of plan " + planId + " has no version " + version
                    + " (or it is still being recorded)");
        }
    }
}
