package jp.renkei.plan.measure;

import java.time.Instant;
import java.util.Objects;
import jp.renkei.contracts.plan.MunicipalityRef;

/**
 * A co-owner's approval of a joint measure's content, given at {@code version}. It holds while the content does: the
 * next revision drops every approval.
 */
public record Approval(String municipalityId, String name, long version, String approver, Instant approvedAt) {

    public Approval {
        Objects.requireNonNull(municipalityId, "municipalityId");
    }

    static Approval by(MunicipalityRef coOwner, long version, String approver, Instant at) {
        return new Approval(coOwner.municipalityId(), coOwner.name(), version, approver, at);
    }
}
