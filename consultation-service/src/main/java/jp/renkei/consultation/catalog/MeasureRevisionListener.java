package jp.renkei.consultation.catalog;

/** Told of each revision of a measure seen on {@code renkei.plan.events}, after the catalog has it. Idempotent. */
public interface MeasureRevisionListener {

    void measureRevised(String planId, String measureId, long version, String eventId);
}
