package jp.renkei.messaging.outbox;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * The outbox of one collection whose documents carry their pending events in an {@code outbox} array, written in the
 * same single-document update as the change they announce ({@link #push}). Reads by {@code _id}; removes what the
 * broker acknowledged in one bulk command.
 *
 * <p>How the sweep finds documents with pending events depends on how the collection grows. One that is bounded by
 * the plan (a document per measure) is {@linkplain #scanned scanned}. One that grows with history (a document per
 * consultation, per partner response) is never scanned: its writers {@linkplain #expect mark} a document in
 * {@value #MARKS} (by {@code _id}) before the write that adds an event, and the sweep reads only the marks, which are
 * as few as the writes of the last minute. A mark whose document has nothing pending is dropped once it is older than
 * {@link #SETTLED}: younger ones may belong to a write still under way.
 */
public final class MongoDocumentOutbox implements Outbox {

    /** The marks of documents that may hold pending events, in collections that are not scanned. */
    public static final String MARKS = "outbox_pending";
    static final Duration SETTLED = Duration.ofMinutes(1);

    /** Marks are about real elapsed time, never a service's business clock. */
    private final Clock clock = Clock.systemUTC();
    private final MongoTemplate mongo;
    private final String collection;
    private final boolean marked;
    private final boolean keysNameTheCollection;

    private MongoDocumentOutbox(MongoTemplate mongo, String collection, boolean marked, boolean keysNameTheCollection) {
        this.mongo = mongo;
        this.collection = collection;
        this.marked = marked;
        this.keysNameTheCollection = keysNameTheCollection;
    }

    /** The outbox of a collection as small as the plan, scanned by the sweep. */
    public static MongoDocumentOutbox scanned(MongoTemplate mongo, String collection) {
        return new MongoDocumentOutbox(mongo, collection, false, false);
    }

    /** The outbox of a collection that grows with history: its writers {@link #expect} events before writing them. */
    public static MongoDocumentOutbox marked(MongoTemplate mongo, String collection) {
        return new MongoDocumentOutbox(mongo, collection, true, false);
    }

    /**
     * This outbox with aggregate keys {@code <collection>/<_id>}: for a relay over several collections whose ids
     * cannot tell which collection a document is in ({@link OutboxesByKey}, with {@link #holds}).
     */
    public MongoDocumentOutbox keyedByCollection() {
        return new MongoDocumentOutbox(mongo, collection, marked, true);
    }

    /** The aggregate key the relay knows the document {@code documentId} by. */
    public String keyOf(String documentId) {
        return keysNameTheCollection ? collection + "/" + documentId : documentId;
    }

    /** Whether the aggregate key is one of this outbox's documents, when keys name the collection. */
    public boolean holds(String aggregateKey) {
        return keysNameTheCollection && aggregateKey.startsWith(collection + "/");
    }

    private String documentId(String aggregateKey) {
        return keysNameTheCollection ? aggregateKey.substring(collection.length() + 1) : aggregateKey;
    }

    /** The update that adds events to a document's outbox, to be combined with the change they announce. */
    public static Update push(Update change, List<?> events) {
        if (events.size() == 1) {
            return change.push("outbox", events.get(0));
        }
        return events.isEmpty() ? change : change.push("outbox").each(events.toArray());
    }

    /** Only the {@code outbox} of a document: the rest of it is not read. */
    record PendingEvents(@Id String id, List<OutboxEvent> outbox) {
    }

    /**
     * Before a write that adds an event to the document {@code documentId} of a marked collection: the sweep will
     * look at the document until its outbox is empty.
     */
    public void expect(String documentId) {
        if (!marked) {
            throw new IllegalStateException(collection + " is scanned, not marked");
        }
        mongo.upsert(query(where("_id").is(collection + "/" + documentId)), new Update().set("collection", collection)
                .set("documentId", documentId).set("markedAt", Date.from(clock.instant())), MARKS);
    }

    @Override
    public List<OutboxEvent> pending(String aggregateKey) {
        Query byId = query(where("_id").is(documentId(aggregateKey)));
        byId.fields().include("outbox");
        PendingEvents document = mongo.findOne(byId, PendingEvents.class, collection);
        if (document == null || document.outbox() == null) {
            return List.of();
        }
        return document.outbox().stream().sorted(OutboxEvent.IN_ORDER).toList();
    }

    @Override
    public void markPublished(Map<String, List<String>> eventIdsByAggregate) {
        if (eventIdsByAggregate.isEmpty()) {
            return;
        }
        BulkOperations removals = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, collection);
        eventIdsByAggregate.forEach((aggregateKey, eventIds) -> removals.updateOne(
                query(where("_id").is(documentId(aggregateKey))),
                new Update().pull("outbox", query(where("eventId").in(eventIds)).getQueryObject())));
        removals.execute();
    }

    /**
     * A scanned collection: a scan of it (one document per aggregate, bounded by the plan, not by history). A marked
     * one: its marks, each document read by {@code _id}; settled marks of documents with nothing pending are dropped.
     */
    @Override
    public List<String> aggregatesWithPendingEvents() {
        if (!marked) {
            Query withPending = query(where("outbox.0").exists(true));
            withPending.fields().include("_id");
            return mongo.find(withPending, Document.class, collection).stream()
                    .map(document -> keyOf(document.getString("_id")))
                    .toList();
        }
        Instant settled = clock.instant().minus(SETTLED);
        List<String> keys = new ArrayList<>();
        for (Document mark : mongo.find(query(where("collection").is(collection)), Document.class, MARKS)) {
            String key = keyOf(mark.getString("documentId"));
            if (!pending(key).isEmpty()) {
                keys.add(key);
            } else if (!mark.getDate("markedAt").toInstant().isAfter(settled)) {
                mongo.remove(query(where("_id").is(mark.get("_id")).and("markedAt").is(mark.get("markedAt"))), MARKS);
            }
        }
        return keys;
    }
}
