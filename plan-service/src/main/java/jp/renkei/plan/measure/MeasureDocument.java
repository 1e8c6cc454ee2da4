package jp.renkei.plan.measure;

import java.time.Instant;
import java.util.List;
import jp.renkei.plan.outbox.OutboxEvent;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A measure as stored: one document holds the current state and its not yet published events, so that a change
 * and its event are written together by one single-document update.
 */
@Document("measures")
record MeasureDocument(@Id String id, String municipalityId, String planId, int goalNumber, String areaId,
                       String measureId, String number, MeasureContent content, MeasureStatus status, long version,
                       Instant updatedAt, String updatedBy, List<OutboxEvent> outbox) {

    static MeasureDocument of(Measure measure, List<OutboxEvent> outbox) {
        return new MeasureDocument(MeasureStore.aggregateKey(measure.planId(), measure.measureId()),
                measure.municipalityId(), measure.planId(), measure.goalNumber(), measure.areaId(), measure.measureId(),
                measure.number(), measure.content(), measure.status(), measure.version(), measure.updatedAt(),
                measure.updatedBy(), outbox);
    }

    Measure toMeasure() {
        return new Measure(municipalityId, planId, goalNumber, areaId, measureId, number, content, status, version,
                updatedAt, updatedBy);
    }
}
