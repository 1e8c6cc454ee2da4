package jp.renkei.contracts.plan;

import java.time.Instant;
import java.util.List;

/**
 * Data of {@code jp.renkei.plan.measure.approved.v1}: a co-owner of a joint plan approved one exact version of a
 * measure. Approving moves the measure's version (it is a change of the measure, and its revision history has one
 * entry per version); the content stays as approved. A later revision of the content drops every approval.
 *
 * @param approvedVersion  the version the co-owner approved (the one before this event's {@code version})
 * @param approvedBy       the co-owner that approved
 * @param approver         the key's or staff member's subject at that co-owner
 * @param approvals        every approval the current content holds, this one included
 * @param pendingApprovals the co-owners whose approval adoption still waits for
 */
public record MeasureApproved(String municipalityId, String planId, int goalNumber, String areaId, String measureId,
                              List<String> tags, long version, long previousVersion, long approvedVersion,
                              MunicipalityRef approvedBy, String approver, String comment,
                              List<Approval> approvals, List<MunicipalityRef> pendingApprovals, Instant approvedAt,
                              MeasureSnapshot measure) {

    /** One co-owner's approval of the measure's current content, given at {@code version}. */
    public record Approval(String municipalityId, String name, long version, String approver, Instant approvedAt) {
    }
}
