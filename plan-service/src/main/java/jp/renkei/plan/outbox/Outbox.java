package jp.renkei.plan.outbox;

import java.util.List;

/** Where pending events wait: inside the documents of the aggregates that produced them. */
public interface Outbox {

    /** The pending events of one aggregate, oldest (lowest sequence) first. */
    List<OutboxEvent> pending(String aggregateKey);

    /** Removes a published event from its aggregate; a no-op when it is already gone. */
    void markPublished(String aggregateKey, String eventId);

    /** Keys of the aggregates that have at least one pending event. */
    List<String> aggregatesWithPendingEvents();
}
