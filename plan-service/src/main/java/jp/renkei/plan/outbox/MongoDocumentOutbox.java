package jp.renkei.plan.outbox;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * The outbox of one collection whose documents carry their pending events in an {@code outbox} array, written in the
 * same single-document update as the change they announce (measures, progress). One implementation for every such
 * collection: reading by {@code _id}, removing what the broker acknowledged in one bulk command.
 */
public final class MongoDocumentOutbox implements Outbox {

    private final MongoTemplate mongo;
    private final String collection;

    public MongoDocumentOutbox(MongoTemplate mongo, String collection) {
        this.mongo = mongo;
        this.collection = collection;
    }

    /** Only the {@code outbox} of a document: the rest of it is not read. */
    record PendingEvents(@Id String id, List<OutboxEvent> outbox) {
    }

    @Override
    public List<OutboxEvent> pending(String aggregateKey) {
        Query byId = query(where("_id").is(aggregateKey));
        byId.fields().include("outbox");
        PendingEvents document = mongo.findOne(byId, PendingEvents.class, collection);
        if (document == null || document.outbox() == null) {
            return List.of();
        }
        return document.outbox().stream().sorted(Comparator.comparingLong(OutboxEvent::sequence)).toList();
    }

    @Override
    public void markPublished(Map<String, List<String>> eventIdsByAggregate) {
        if (eventIdsByAggregate.isEmpty()) {
            return;
        }
        BulkOperations removals = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, collection);
        eventIdsByAggregate.forEach((aggregateKey, eventIds) -> removals.updateOne(query(where("_id").is(aggregateKey)),
                new Update().pull("outbox", query(where("eventId").in(eventIds)).getQueryObject())));
        removals.execute();
    }

    /** A scan of the collection (one document per aggregate, bounded by the plan, not by history). */
    @Override
    public List<String> aggregatesWithPendingEvents() {
        Query withPending = query(where("outbox.0").exists(true));
        withPending.fields().include("_id");
        return mongo.find(withPending, org.bson.Document.class, collection).stream()
                .map(document -> document.getString("_id"))
                .toList();
    }
}
