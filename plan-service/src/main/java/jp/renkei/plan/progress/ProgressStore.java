package jp.renkei.plan.progress;

import java.util.List;
import java.util.Optional;
import jp.renkei.messaging.outbox.OutboxEvent;

/** Persistence of measures' progress; every write carries its event, stored atomically with it. */
public interface ProgressStore {

    /** The measure's progress, read by its key alone. */
    Optional<Progress> find(String planId, String measureId);

    /** The progress of every measure of a plan: one document per measure, bounded by the plan's size. */
    List<Progress> findByPlan(String planId);

    /**
     * Stores the progress if it is still at {@code expectedVersion} (0: not stored yet), with its events (none: a
     * change partners do not hear of); false when another write got there first.
     */
    boolean write(Progress after, long expectedVersion, List<OutboxEvent> events);

    /** The key under which a measure's progress and its pending events are stored. */
    static String aggregateKey(String planId, String measureId) {
        return planId + "/" + measureId + KEY_SUFFIX;
    }

    String KEY_SUFFIX = "/progress";
}
