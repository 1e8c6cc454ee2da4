package jp.renkei.sync.event;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import jp.renkei.contracts.events.CloudEvent;

/** An event as received from Kafka, kept once per event id for delivery, replay and the pull feed. */
public record StoredEvent(String id, String source, String type, String subject, Instant time, String sequence,
                          String partitionKey, String data, Instant receivedAt) {

    public static StoredEvent of(CloudEvent event, Instant receivedAt) {
        return new StoredEvent(event.id(), event.source(), event.type(), event.subject(), event.time(),
                event.sequence(), event.partitionKey(), new String(event.data(), StandardCharsets.UTF_8), receivedAt);
    }

    public CloudEvent toCloudEvent() {
        return new CloudEvent(id, source, type, subject, time, sequence, partitionKey,
                data.getBytes(StandardCharsets.UTF_8));
    }
}
