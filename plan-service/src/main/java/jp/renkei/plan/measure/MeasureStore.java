package jp.renkei.plan.measure;

import java.util.List;
import java.util.Optional;
import jp.renkei.messaging.outbox.OutboxEvent;

/** Persistence of measures; every write carries the event it produces, stored atomically with it. */
public interface MeasureStore {

    Optional<Measure> find(String planId, String measureId);

    List<Measure> findByPlan(String planId);

    /** Stores a new measure with its creation event; false when the measure already exists. */
    boolean insert(Measure measure, OutboxEvent created);

    /**
     * Replaces the measure if it is still at {@code expectedVersion}, together with its event; false when another
     * write got there first.
     */
    boolean replace(Measure revised, long expectedVersion, OutboxEvent revisedEvent);

    /** The key under which the measure's pending events wait in the outbox. */
    static String aggregateKey(String planId, String measureId) {
        return planId + "/" + measureId;
    }
}
