package jp.renkei.plan.outbox;

import java.time.Duration;
import java.util.List;

/** Where pending events wait: inside the documents of the aggregates that produced them. */
public interface Outbox {

    /** The pending events of one aggregate, oldest (lowest sequence) first. */
    List<OutboxEvent> pending(String aggregateKey);

    /** Removes published events from their aggregate; those already gone are ignored. */
    void markPublished(String aggregateKey, List<String> eventIds);

    /** Keys of the aggregates that have at least one pending event. */
    List<String> aggregatesWithPendingEvents();

    /**
     * Claims the right to relay one aggregate's events for {@code lease}, or extends a claim this owner holds. Only
     * one relay at a time may publish an aggregate's events, or two instances could publish them out of order.
     *
     * @return false when another owner holds an unexpired claim
     */
    boolean claim(String aggregateKey, String owner, Duration lease);

    /** Gives a claim up early; a no-op when the owner no longer holds it. */
    void release(String aggregateKey, String owner);
}
