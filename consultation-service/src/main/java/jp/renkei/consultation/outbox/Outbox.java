package jp.renkei.consultation.outbox;

import java.time.Duration;
import java.util.List;

/**
 * Where pending events wait: inside the documents that produced them (consultations, participation tallies), one
 * outbox per collection.
 */
public interface Outbox {

    /** Whether the aggregate with this id is kept in this outbox's collection. */
    boolean holds(String aggregateId);

    /** The pending events of one aggregate, lowest sequence first. */
    List<OutboxEvent> pending(String aggregateId);

    /** Removes published events; those already gone are ignored. */
    void markPublished(String aggregateId, List<String> eventIds);

    List<String> aggregatesWithPendingEvents();

    /** Claims the right to relay one aggregate's events for {@code lease}; false when another owner holds it. */
    boolean claim(String aggregateId, String owner, Duration lease);

    void release(String aggregateId, String owner);
}
