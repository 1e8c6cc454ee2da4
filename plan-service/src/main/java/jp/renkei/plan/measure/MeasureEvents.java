package jp.renkei.plan.measure;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import jp.renkei.contracts.events.PlanEventTypes;
import jp.renkei.contracts.plan.MeasureApproved;
import jp.renkei.contracts.plan.MeasureCreated;
import jp.renkei.contracts.plan.MeasureRevised;
import jp.renkei.contracts.plan.MeasureStatusChanged;
import jp.renkei.contracts.plan.MunicipalityRef;
import jp.renkei.messaging.outbox.OutboxEvent;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Builds the events a measure's changes produce, with the attributes the contract fixes. */
@Component
public class MeasureEvents {

    private final JsonMapper json;

    public MeasureEvents(JsonMapper json) {
        this.json = json;
    }

    public OutboxEvent created(Measure measure, String reason) {
        return event(measure, PlanEventTypes.MEASURE_CREATED, measure.updatedAt(), new MeasureCreated(
                measure.municipalityId(), measure.planId(), measure.goalNumber(), measure.areaId(),
                measure.measureId(), measure.content().tags(), measure.version(), measure.updatedBy(), reason,
                measure.updatedAt(), measure.snapshot()));
    }

    public OutboxEvent statusChanged(Measure before, Measure after, MunicipalityRef editedBy, String reason) {
        String type = after.status() == MeasureStatus.ARCHIVED
                ? PlanEventTypes.MEASURE_ARCHIVED : PlanEventTypes.MEASURE_STATUS_CHANGED;
        return event(after, type, after.updatedAt(), new MeasureStatusChanged(after.municipalityId(),
                after.planId(), after.goalNumber(), after.areaId(), after.measureId(), after.content().tags(),
                after.version(), before.version(), before.status().name(), after.status().name(), after.updatedBy(),
                editedBy, reason, after.updatedAt(), after.snapshot()));
    }

    public OutboxEvent revised(Measure before, Measure after, List<String> changedSections, MunicipalityRef editedBy,
                               String reason) {
        return event(after, PlanEventTypes.MEASURE_REVISED, after.updatedAt(), new MeasureRevised(
                after.municipalityId(), after.planId(), after.goalNumber(), after.areaId(), after.measureId(),
                after.content().tags(), after.version(), before.version(), changedSections, after.updatedBy(), editedBy,
                reason,
                after.updatedAt(), after.snapshot()));
    }

    /** A co-owner's approval of {@code before}'s version: the last of {@code after}'s approvals. */
    public OutboxEvent approved(Measure before, Measure after, String comment, PlanHolders holders) {
        Approval approval = after.approvals().get(after.approvals().size() - 1);
        return event(after, PlanEventTypes.MEASURE_APPROVED, after.updatedAt(), new MeasureApproved(
                after.municipalityId(), after.planId(), after.goalNumber(), after.areaId(), after.measureId(),
                after.content().tags(), after.version(), before.version(), approval.version(),
                new MunicipalityRef(approval.municipalityId(), approval.name()), approval.approver(), comment,
                after.approvals().stream().map(given -> new MeasureApproved.Approval(given.municipalityId(),
                        given.name(), given.version(), given.approver(), given.approvedAt())).toList(),
                after.missingApprovals(holders), approval.approvedAt(), after.snapshot()));
    }

    private OutboxEvent event(Measure measure, String type, Instant at, Object data) {
        return new OutboxEvent(UUID.randomUUID().toString(), type,
                PlanEventTypes.source(measure.municipalityId(), measure.planId()),
                PlanEventTypes.measureSubject(measure.measureId()), measure.measureId(), measure.version(), at,
                json.writeValueAsString(data));
    }
}
