package jp.renkei.plan.measure;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import jp.renkei.contracts.events.PlanEventTypes;
import jp.renkei.contracts.plan.MeasureRevised;
import jp.renkei.contracts.plan.MeasureSnapshot;
import jp.renkei.plan.outbox.OutboxEvent;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Builds the events a measure's changes produce, with the attributes the contract fixes. */
@Component
public class MeasureEvents {

    private final JsonMapper json;

    public MeasureEvents(JsonMapper json) {
        this.json = json;
    }

    public OutboxEvent created(Measure measure, String editor, Instant at) {
        return event(measure, PlanEventTypes.MEASURE_CREATED, at, new MeasureCreated(measure.municipalityId(),
                measure.planId(), measure.goalNumber(), measure.areaId(), measure.measureId(), measure.content().tags(),
                measure.version(), editor, at, measure.snapshot()));
    }

    public OutboxEvent revised(Measure before, Measure after, List<String> changedSections, String reason) {
        return event(after, PlanEventTypes.MEASURE_REVISED, after.updatedAt(), new MeasureRevised(
                after.municipalityId(), after.planId(), after.goalNumber(), after.areaId(), after.measureId(),
                after.content().tags(), after.version(), before.version(), changedSections, after.updatedBy(), reason,
                after.updatedAt(), after.snapshot()));
    }

    private OutboxEvent event(Measure measure, String type, Instant at, Object data) {
        return new OutboxEvent(UUID.randomUUID().toString(), type,
                PlanEventTypes.source(measure.municipalityId(), measure.planId()),
                PlanEventTypes.measureSubject(measure.measureId()), measure.measureId(), measure.version(), at,
                json.writeValueAsString(data));
    }

    /** Data of {@code jp.renkei.plan.measure.created.v1}. */
    record MeasureCreated(String municipalityId, String planId, int goalNumber, String areaId, String measureId,
                          List<String> tags, long version, String editor, Instant createdAt, MeasureSnapshot measure) {
    }
}
