package jp.renkei.plan.outbox;

import java.util.concurrent.CompletableFuture;

/** Sends events to the broker without waiting for each one; the future completes once the broker acknowledged it. */
public interface EventPublisher {

    CompletableFuture<Void> publish(OutboxEvent event);
}
