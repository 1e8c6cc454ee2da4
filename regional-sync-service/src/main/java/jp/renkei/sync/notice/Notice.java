package jp.renkei.sync.notice;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import jp.renkei.contracts.events.CloudEvent;
import jp.renkei.contracts.events.SyncEventTypes;
import tools.jackson.databind.json.JsonMapper;

/**
 * A notice waiting in the outbox of the document whose change it reports (a delivery that failed, an endpoint that
 * was disabled): written by the same single-document update as the change, published by {@link NoticeRelay}.
 *
 * @param key the Kafka record key: the endpoint id, so one endpoint's notices stay in order
 */
public record Notice(String eventId, String type, String partnerId, String key, String subject, Instant time,
                     String data) {

    public static Notice of(String type, String partnerId, String endpointId, String subject, Instant time,
                            Object data, JsonMapper json) {
        return new Notice(UUID.randomUUID().toString(), type, partnerId, endpointId, subject, time,
                json.writeValueAsString(data));
    }

    CloudEvent toCloudEvent(String municipalityId) {
        return new CloudEvent(eventId, SyncEventTypes.source(municipalityId, partnerId), type, subject, time, null, key,
                data.getBytes(StandardCharsets.UTF_8));
    }
}
