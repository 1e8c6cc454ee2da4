package jp.renkei.consultation.outbox;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.function.Predicate;
import org.bson.Document;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * The outbox of one collection whose documents carry their pending events in an {@code outbox} array (written in
 * the same single-document update as the change) and the relay's claim in {@code relayLease}: consultations and
 * participation tallies. Everything but the sweep reads or writes one document by {@code _id}.
 */
public final class DocumentOutbox implements Outbox {

    private final MongoTemplate mongo;
    private final String collection;
    private final Predicate<String> holds;

    /** @param holds which aggregate ids are documents of this collection */
    public DocumentOutbox(MongoTemplate mongo, String collection, Predicate<String> holds) {
        this.mongo = mongo;
        this.collection = collection;
        this.holds = holds;
    }

    /** Only the {@code outbox} of a document: the rest of it is not read. */
    record PendingEvents(@Id String id, List<OutboxEvent> outbox) {
    }

    @Override
    public boolean holds(String aggregateId) {
        return holds.test(aggregateId);
    }

    @Override
    public List<OutboxEvent> pending(String aggregateId) {
        Query byId = query(where("_id").is(aggregateId));
        byId.fields().include("outbox");
        PendingEvents document = mongo.findOne(byId, PendingEvents.class, collection);
        if (document == null || document.outbox() == null) {
            return List.of();
        }
        return document.outbox().stream().sorted(Comparator.comparingLong(OutboxEvent::sequence)).toList();
    }

    @Override
    public void markPublished(String aggregateId, List<String> eventIds) {
        if (!eventIds.isEmpty()) {
            mongo.updateFirst(query(where("_id").is(aggregateId)),
                    new Update().pull("outbox", query(where("eventId").in(eventIds)).getQueryObject()), collection);
        }
    }

    /** A scan of the collection: one document per consultation, or per measure and fiscal year. */
    @Override
    public List<String> aggregatesWithPendingEvents() {
        Query withPending = query(where("outbox.0").exists(true));
        withPending.fields().include("_id");
        return mongo.find(withPending, Document.class, collection).stream().map(document -> document.getString("_id"))
                .toList();
    }

    @Override
    public boolean claim(String aggregateId, String owner, Duration lease) {
        Instant now = Instant.now(); // a lease is about real elapsed time, not the business clock
        Query free = query(where("_id").is(aggregateId).orOperator(where("relayLease").exists(false),
                where("relayLease").is(null), where("relayLease.owner").is(owner),
                where("relayLease.until").lt(Date.from(now))));
        Update take = new Update().set("relayLease", new Document("owner", owner).append("until",
                Date.from(now.plus(lease))));
        return mongo.updateFirst(free, take, collection).getModifiedCount() == 1;
    }

    @Override
    public void release(String aggregateId, String owner) {
        mongo.updateFirst(query(where("_id").is(aggregateId).and("relayLease.owner").is(owner)),
                new Update().unset("relayLease"), collection);
    }
}
