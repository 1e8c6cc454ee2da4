package jp.renkei.contracts.plan;

import java.time.Instant;
import java.util.List;

/**
 * Data of {@code jp.renkei.plan.measure.status-changed.v1} and {@code jp.renkei.plan.measure.archived.v1}: a
 * lifecycle step (DRAFT → IN_CONSULTATION → ADOPTED → ARCHIVED) and the measure after it. Only the plan's owner
 * takes lifecycle steps, so {@code editedBy} is the owner; on a joint plan its step to ADOPTED is its approval.
 */
public record MeasureStatusChanged(String municipalityId, String planId, int goalNumber, String areaId,
                                   String measureId, List<String> tags, long version, long previousVersion,
                                   String previousStatus, String status, String editor, MunicipalityRef editedBy,
                                   String reason,
                                   Instant changedAt, MeasureSnapshot measure) {
}
