package jp.renkei.messaging.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import jp.renkei.contracts.events.CloudEvent;

/**
 * An event waiting in its aggregate's document to be published. It is written in the same single-document update
 * as the state change it describes, so there is never a change without its event, nor an event without its change.
 *
 * @param sequence the aggregate version the event leads to; the relay publishes in this order
 * @param data     the JSON payload, as the exact text that goes on the wire
 */
public record OutboxEvent(String eventId, String type, String source, String subject, String partitionKey,
                          long sequence, Instant time, String data) {

    public CloudEvent toCloudEvent() {
        return new CloudEvent(eventId, source, type, subject, time, Long.toString(sequence), partitionKey,
                data.getBytes(StandardCharsets.UTF_8));
    }
}
