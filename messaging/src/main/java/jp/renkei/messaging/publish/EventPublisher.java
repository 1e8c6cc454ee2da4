package jp.renkei.messaging.publish;

import java.util.concurrent.CompletableFuture;
import jp.renkei.contracts.events.CloudEvent;

/**
 * Sends events to the broker in CloudEvents binary mode, keyed by their aggregate id
 * ({@link CloudEvent#partitionKey()}), without waiting for each; the future completes once the broker acknowledged
 * the event, or fails.
 */
public interface EventPublisher {

    CompletableFuture<Void> publish(CloudEvent event);
}
