package jp.renkei.consultation.cases;

import java.time.Instant;

/**
 * A targeted measure was revised in plan-service while the consultation was open: staff decide whether to extend
 * the period or start again, since citizens commented on the older text.
 */
public record RevisionFlag(String measureId, long revisedToVersion, String eventId, Instant flaggedAt) {
}
