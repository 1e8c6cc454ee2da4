package jp.renkei.consultation.outbox;

import java.time.Duration;
import java.util.List;

/** Where pending events wait: inside the documents of the consultations that produced them. */
public interface Outbox {

    /** The pending events of one consultation, lowest sequence first. */
    List<OutboxEvent> pending(String aggregateId);

    /** Removes published events; those already gone are ignored. */
    void markPublished(String aggregateId, List<String> eventIds);

    List<String> aggregatesWithPendingEvents();

    /** Claims the right to relay one consultation's events for {@code lease}; false when another owner holds it. */
    boolean claim(String aggregateId, String owner, Duration lease);

    void release(String aggregateId, String owner);
}
