package jp.renkei.plan.measure;

import java.time.Instant;
import java.util.List;
import jp.renkei.messaging.outbox.OutboxEvent;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A measure as stored: one document holds the current state and its not yet published events, so that a change
 * and its event are written together by one single-document update. {@code versionKey} names the measure at its
 * current version under a unique index: "update the measure if it is still at version N" selects by it alone, which
 * the embedded store answers from that index (a filter of {@code _id} and {@code version} together is a scan there).
 */
@Document("measures")
record MeasureDocument(@Id String id, String municipalityId, String planId, int goalNumber, String areaId,
                       String measureId, String number, MeasureContent content, MeasureStatus status, long version,
                       String versionKey, Instant updatedAt, String updatedBy, List<Approval> approvals,
                       List<OutboxEvent> outbox) {

    /** The field that names the measure at its version, under a unique index: what a conditional update selects by. */
    static final String VERSION_KEY = "versionKey";

    static MeasureDocument of(Measure measure, List<OutboxEvent> outbox) {
        String id = MeasureStore.aggregateKey(measure.planId(), measure.measureId());
        return new MeasureDocument(id, measure.municipalityId(), measure.planId(), measure.goalNumber(),
                measure.areaId(), measure.measureId(), measure.number(), measure.content(), measure.status(),
                measure.version(), versionKey(id, measure.version()), measure.updatedAt(), measure.updatedBy(),
                measure.approvals(), outbox);
    }

    /** {@code plan/measure@version}: unique, as each measure is at one version at a time. */
    static String versionKey(String id, long version) {
        return id + "@" + version;
    }

    Measure toMeasure() {
        // measures stored before joint plans have no approvals field
        return new Measure(municipalityId, planId, goalNumber, areaId, measureId, number, content, status, version,
                updatedAt, updatedBy, approvals);
    }
}
