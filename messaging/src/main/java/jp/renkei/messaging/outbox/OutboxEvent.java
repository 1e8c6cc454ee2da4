package jp.renkei.messaging.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import jp.renkei.contracts.events.CloudEvent;

/**
 * An event waiting in its aggregate's document to be published. It is written in the same single-document update
 * as the state change it describes, so there is never a change without its event, nor an event without its change.
 *
 * @param partitionKey the Kafka record key: the aggregate id, so that one aggregate's events stay in order
 * @param sequence     the aggregate version the event leads to (the {@code sequence} extension); the relay publishes
 *                     in this order. Null for a notice that is no version of anything (a delivery that failed): it
 *                     goes out in the order it was added, without the extension
 * @param data         the JSON payload, as the exact text that goes on the wire
 */
public record OutboxEvent(String eventId, String type, String source, String subject, String partitionKey,
                          Long sequence, Instant time, String data) {

    /** Lowest sequence first; those without one in the order they were added (a stable sort keeps it). */
    public static final Comparator<OutboxEvent> IN_ORDER = Comparator.comparing(OutboxEvent::sequence,
            Comparator.nullsFirst(Comparator.naturalOrder()));

    public CloudEvent toCloudEvent() {
        return new CloudEvent(eventId, source, type, subject, time, sequence == null ? null : sequence.toString(),
                partitionKey, data.getBytes(StandardCharsets.UTF_8));
    }
}
