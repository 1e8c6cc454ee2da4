package jp.renkei.messaging.outbox;

import java.util.List;

/**
 * Told of events after the broker acknowledged them and before they leave the outbox, so that what it does is
 * retried with them if the process stops in between. Called with all the events of one relay batch at once, so that
 * it can store what it keeps in one command. Must be idempotent on the event id.
 */
public interface PublishedEventListener {

    void published(List<OutboxEvent> events);
}
