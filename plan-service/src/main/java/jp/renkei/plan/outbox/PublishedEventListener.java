package jp.renkei.plan.outbox;

/**
 * Told of each event after the broker acknowledged it and before it leaves the outbox, so that what it does is
 * retried with the event if the process stops in between. Must be idempotent on the event id.
 */
public interface PublishedEventListener {

    void published(OutboxEvent event);
}
