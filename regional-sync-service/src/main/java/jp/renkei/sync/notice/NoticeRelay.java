package jp.renkei.sync.notice;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import jp.renkei.contracts.events.CloudEvent;
import jp.renkei.contracts.events.SyncEventTypes;
import jp.renkei.sync.SyncProperties;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Publishes the events waiting in the {@code outbox} arrays of documents, and removes each only after the broker
 * acknowledged it (the bindings are synchronous), so an event is never lost and never published without its change.
 * A crash between the two publishes it again: consumers de-duplicate on the event id. Notices about deliveries and
 * endpoints go to {@code renkei.sync.events}; collaboration events to {@code renkei.collaboration.events}.
 *
 * <p>Deliveries and endpoints are few (the backlog, the partners' endpoints), and their outboxes are found by a scan.
 * Responses and requests for views grow with history, so they are never scanned: a writer marks the document as
 * pending in {@code outbox_pending} (by {@code _id}) before its write, publishes it by {@code _id} right after, and
 * then removes the mark; the sweep reads only the marks, which are as few as the writes in flight or cut short by a
 * crash.
 */
@Component
public class NoticeRelay {

    static final String SYNC_BINDING = "syncEvents-out-0";
    static final String COLLABORATION_BINDING = "collaborationEvents-out-0";
    static final String PENDING = "outbox_pending";
    /** Collections whose few documents may carry an outbox, scanned for it. */
    private static final List<String> SCANNED = List.of("deliveries", "endpoints");
    /**
     * A mark this old whose document has nothing to publish is dropped: its write failed, or was published. Younger
     * ones may belong to a write still under way.
     */
    private static final Duration SETTLED = Duration.ofMinutes(1);
    private static final Logger log = LoggerFactory.getLogger(NoticeRelay.class);

    private final MongoTemplate mongo;
    private final StreamBridge streamBridge;
    private final String municipalityId;
    private final Clock clock;

    NoticeRelay(MongoTemplate mongo, StreamBridge streamBridge, SyncProperties properties, Clock clock) {
        this.mongo = mongo;
        this.streamBridge = streamBridge;
        this.municipalityId = properties.municipalityId();
        this.clock = clock;
    }

    /** The update that puts a notice in a document's outbox, to be combined with the change it reports. */
    public static Update pushTo(Update update, Notice notice) {
        return update.push("outbox", notice);
    }

    /** Before a write that puts an event in the outbox of a document that is not scanned: the sweep will look at it. */
    public void markPending(String collection, String id) {
        mongo.upsert(query(where("_id").is(pendingId(collection, id))), new Update().set("collection", collection)
                .set("documentId", id).set("markedAt", clock.instant()), PENDING);
    }

    /**
     * Publishes the outbox of one marked document now, by {@code _id}, and removes its mark. A broker that is down
     * leaves both for the sweep.
     *
     * @return whether everything was published
     */
    public boolean publishNow(String collection, String id) {
        Document holder = mongo.findById(id, Document.class, collection);
        if (holder != null && !publishOutbox(holder, collection)) {
            return false;
        }
        mongo.remove(query(where("_id").is(pendingId(collection, id))), PENDING);
        return true;
    }

    @Scheduled(fixedDelayString = "${renkei.sync.notice-relay-interval:1s}")
    public void relay() {
        for (String collection : SCANNED) {
            for (Document holder : mongo.find(query(where("outbox.0").exists(true)).limit(100), Document.class,
                    collection)) {
                if (!publishOutbox(holder, collection)) {
                    return;
                }
            }
        }
        Instant settled = clock.instant().minus(SETTLED);
        for (Document mark : mongo.find(new Query().limit(100), Document.class, PENDING)) {
            String collection = mark.getString("collection");
            String id = mark.getString("documentId");
            Document holder = mongo.findById(id, Document.class, collection);
            boolean hadOutbox = holder != null && !outboxOf(holder).isEmpty();
            if (hadOutbox && !publishOutbox(holder, collection)) {
                return;
            }
            if (hadOutbox || !mark.getDate("markedAt").toInstant().isAfter(settled)) {
                mongo.remove(query(where("_id").is(mark.get("_id"))), PENDING);
            }
        }
    }

    /** @return false when the broker took not all of them (the rest stay for the next pass) */
    private boolean publishOutbox(Document holder, String collection) {
        for (Notice notice : outboxOf(holder)) {
            try {
                publish(notice);
            } catch (RuntimeException brokerUnavailable) {
                log.warn("event {} not published yet: {}", notice.eventId(), brokerUnavailable.getMessage());
                return false;
            }
            mongo.updateFirst(query(where("_id").is(holder.get("_id"))),
                    new Update().pull("outbox", new Document("eventId", notice.eventId())), collection);
        }
        return true;
    }

    private List<Notice> outboxOf(Document holder) {
        return mongo.getConverter().read(Holder.class, holder).outbox();
    }

    private void publish(Notice notice) {
        CloudEvent event = notice.toCloudEvent(municipalityId);
        var message = MessageBuilder.withPayload(event.data()).copyHeaders(event.kafkaHeaders())
                .setHeader(KafkaHeaders.KEY, notice.key().getBytes(StandardCharsets.UTF_8)).build();
        String binding = SyncEventTypes.isCollaboration(notice.type()) ? COLLABORATION_BINDING : SYNC_BINDING;
        if (!streamBridge.send(binding, message)) {
            throw new IllegalStateException("the binder refused event " + notice.eventId());
        }
    }

    private static String pendingId(String collection, String id) {
        return collection + "/" + id;
    }

    record Holder(List<Notice> outbox) {
        Holder {
            outbox = outbox == null ? List.of() : outbox;
        }
    }
}
