package jp.renkei.sync.notice;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jp.renkei.contracts.events.SyncEventTypes;
import jp.renkei.messaging.outbox.MongoDocumentOutbox;
import jp.renkei.messaging.outbox.Outbox;
import jp.renkei.messaging.outbox.OutboxEvent;
import jp.renkei.messaging.outbox.OutboxesByKey;
import jp.renkei.sync.SyncProperties;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * This service's own events: notices about deliveries and endpoints (on {@code renkei.sync.events}) and the
 * collaboration events (on {@code renkei.collaboration.events}). Each is written into the {@code outbox} of the
 * document whose change it reports, by the same single-document update as the change, and published by the messaging
 * module's relay, which removes it only after the broker acknowledged it (docs/messaging.md).
 *
 * <p>None of these collections is scanned for pending events: deliveries, responses and requests for views grow with
 * history. A writer marks the document ({@link #expect}) before the write that adds an event, and the relay's sweep
 * reads only the marks. As one relay serves the four collections, its aggregate keys name the collection
 * ({@link #keyOf}).
 */
@Component
public class Notices {

    public static final String SYNC_BINDING = "syncEvents-out-0";
    public static final String COLLABORATION_BINDING = "collaborationEvents-out-0";
    /** The collections whose documents may carry notices in their outbox. */
    private static final List<String> COLLECTIONS = List.of("deliveries", "endpoints", "responses", "view_requests");

    private final Map<String, MongoDocumentOutbox> outboxes = new LinkedHashMap<>();
    private final String municipalityId;
    private final JsonMapper json;

    Notices(MongoTemplate mongo, SyncProperties properties, JsonMapper json) {
        COLLECTIONS.forEach(collection -> outboxes.put(collection,
                MongoDocumentOutbox.marked(mongo, collection).keyedByCollection()));
        this.municipalityId = properties.municipalityId();
        this.json = json;
    }

    /**
     * A notice about one of a partner's endpoints or deliveries: keyed by the endpoint id, so one endpoint's notices
     * stay in order; no sequence (it is no version of anything).
     */
    public OutboxEvent about(String type, String partnerId, String endpointId, String subject, Instant time,
                             Object data) {
        return new OutboxEvent(UUID.randomUUID().toString(), type, source(partnerId), subject, endpointId, null, time,
                json.writeValueAsString(data));
    }

    /** The CloudEvents source of events about one partner of this municipality. */
    public String source(String partnerId) {
        return SyncEventTypes.source(municipalityId, partnerId);
    }

    /** Before a write that puts an event in the document's outbox: the relay's sweep will look at it. */
    public void expect(String collection, String id) {
        outboxOf(collection).expect(id);
    }

    /** The relay's key of the document {@code id} of {@code collection}. */
    public String keyOf(String collection, String id) {
        return outboxOf(collection).keyOf(id);
    }

    Outbox outbox() {
        return new OutboxesByKey(outboxes.values().stream()
                .map(outbox -> new OutboxesByKey.Part(outbox::holds, outbox)).toList());
    }

    private MongoDocumentOutbox outboxOf(String collection) {
        MongoDocumentOutbox outbox = outboxes.get(collection);
        if (outbox == null) {
            throw new IllegalArgumentException(collection + " carries no notices");
        }
        return outbox;
    }
}
