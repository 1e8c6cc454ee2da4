package jp.renkei.sync.notice;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import jp.renkei.contracts.events.CloudEvent;
import jp.renkei.contracts.events.SyncEventTypes;
import tools.jackson.databind.json.JsonMapper;

/**
 * An event waiting in the outbox of the document whose change it reports (a delivery that failed, an endpoint that
 * was disabled, a partner's response, the city's answer or request for views): written by the same single-document
 * update as the change, published by {@link NoticeRelay}.
 *
 * @param key      the Kafka record key: the endpoint id for notices about endpoints and deliveries, so one endpoint's
 *                 notices stay in order; {@code planId/measureId} for collaboration events
 * @param source   the CloudEvents source; null for one about the partner {@code partnerId} (notices stored before
 *                 sources were kept have none either)
 * @param sequence the aggregate's version after the change, or null
 */
public record Notice(String eventId, String type, String partnerId, String key, String subject, Instant time,
                     String data, String source, String sequence) {

    public static Notice of(String type, String partnerId, String endpointId, String subject, Instant time,
                            Object data, JsonMapper json) {
        return new Notice(UUID.randomUUID().toString(), type, partnerId, endpointId, subject, time,
                json.writeValueAsString(data), null, null);
    }

    CloudEvent toCloudEvent(String municipalityId) {
        return new CloudEvent(eventId, source != null ? source : SyncEventTypes.source(municipalityId, partnerId), type,
                subject, time, sequence, key, data.getBytes(StandardCharsets.UTF_8));
    }
}
