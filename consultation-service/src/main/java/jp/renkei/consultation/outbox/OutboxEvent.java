package jp.renkei.consultation.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import jp.renkei.contracts.events.CloudEvent;

/**
 * An event waiting inside its consultation's document, written in the same single-document update as the change it
 * describes: never a change without its event, never an event without its change.
 *
 * @param sequence the consultation's version after the change; the relay publishes in this order
 * @param data     the JSON payload, exactly as it goes on the wire
 */
public record OutboxEvent(String eventId, String type, String source, String subject, String partitionKey,
                          long sequence, Instant time, String data) {

    public CloudEvent toCloudEvent() {
        return new CloudEvent(eventId, source, type, subject, time, Long.toString(sequence), partitionKey,
                data.getBytes(StandardCharsets.UTF_8));
    }
}
