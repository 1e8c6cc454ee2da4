package jp.renkei.inbox.processing;

import jp.renkei.inbox.store.ReceivedEvent;

/**
 * What a partner does with an event once it is safely stored: update its own systems, notify staff. Runs on the
 * inbox's worker thread, never in the webhook request, one event at a time in the order they came per partner. A
 * handler that throws is called again with the same event later; after a crash an event may be handed over again,
 * so a handler must be idempotent on {@link ReceivedEvent#webhookId()}. Provide a bean of this type to replace the
 * default, which logs each event.
 */
@FunctionalInterface
public interface ReceivedEventHandler {

    void handle(ReceivedEvent event) throws Exception;
}
