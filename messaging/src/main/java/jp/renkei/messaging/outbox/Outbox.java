package jp.renkei.messaging.outbox;

import java.util.List;
import java.util.Map;

/** Where pending events wait: inside the documents of the aggregates that produced them. */
public interface Outbox {

    /** The pending events of one aggregate, oldest (lowest sequence) first. */
    List<OutboxEvent> pending(String aggregateKey);

    /** Removes published events from their aggregates, in one command; those already gone are ignored. */
    void markPublished(Map<String, List<String>> eventIdsByAggregate);

    /** Keys of the aggregates that have at least one pending event. */
    List<String> aggregatesWithPendingEvents();
}
