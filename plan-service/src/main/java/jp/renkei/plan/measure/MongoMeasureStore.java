package jp.renkei.plan.measure;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import jp.renkei.plan.outbox.Outbox;
import jp.renkei.plan.outbox.OutboxEvent;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Repository;

@Repository
class MongoMeasureStore implements MeasureStore, Outbox {

    private final MongoTemplate mongo;
    private final Clock clock;

    MongoMeasureStore(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    @Override
    public Optional<Measure> find(String planId, String measureId) {
        return Optional.ofNullable(mongo.findById(MeasureStore.aggregateKey(planId, measureId), MeasureDocument.class))
                .map(MeasureDocument::toMeasure);
    }

    @Override
    public List<Measure> findByPlan(String planId) {
        return mongo.find(query(where("planId").is(planId)).with(Sort.by("measureId")), MeasureDocument.class).stream()
                .map(MeasureDocument::toMeasure)
                .toList();
    }

    @Override
    public boolean insert(Measure measure, OutboxEvent created) {
        try {
            mongo.insert(MeasureDocument.of(measure, List.of(created)));
            return true;
        } catch (DuplicateKeyException alreadyThere) {
            return false;
        }
    }

    @Override
    public boolean replace(Measure revised, long expectedVersion, OutboxEvent revisedEvent) {
        Query stillAtExpectedVersion = query(where("_id").is(MeasureStore.aggregateKey(revised.planId(), revised.measureId()))
                .and("version").is(expectedVersion));
        Update update = new Update()
                .set("content", revised.content())
                .set("status", revised.status())
                .set("version", revised.version())
                .set("updatedAt", revised.updatedAt())
                .set("updatedBy", revised.updatedBy())
                .push("outbox", revisedEvent);
        return mongo.updateFirst(stillAtExpectedVersion, update, MeasureDocument.class).getModifiedCount() == 1;
    }

    @Override
    public List<OutboxEvent> pending(String aggregateKey) {
        MeasureDocument document = mongo.findById(aggregateKey, MeasureDocument.class);
        if (document == null || document.outbox() == null) {
            return List.of();
        }
        return document.outbox().stream().sorted(Comparator.comparingLong(OutboxEvent::sequence)).toList();
    }

    @Override
    public void markPublished(String aggregateKey, List<String> eventIds) {
        if (eventIds.isEmpty()) {
            return;
        }
        mongo.updateFirst(query(where("_id").is(aggregateKey)),
                new Update().pull("outbox", query(where("eventId").in(eventIds)).getQueryObject()), MeasureDocument.class);
    }

    @Override
    public boolean claim(String aggregateKey, String owner, Duration lease) {
        Instant now = clock.instant();
        Query free = query(where("_id").is(aggregateKey).orOperator(
                where("relayLease").exists(false),
                where("relayLease.owner").is(owner),
                where("relayLease.until").lt(java.util.Date.from(now))));
        Update take = new Update().set("relayLease", new org.bson.Document("owner", owner).append("until", java.util.Date.from(now.plus(lease))));
        return mongo.updateFirst(free, take, MeasureDocument.class).getModifiedCount() == 1;
    }

    @Override
    public void release(String aggregateKey, String owner) {
        mongo.updateFirst(query(where("_id").is(aggregateKey).and("relayLease.owner").is(owner)),
                new Update().unset("relayLease"), MeasureDocument.class);
    }

    @Override
    public List<String> aggregatesWithPendingEvents() {
        Query withPending = query(where("outbox.0").exists(true));
        withPending.fields().include("_id");
        return mongo.find(withPending, org.bson.Document.class, "measures").stream()
                .map(document -> document.getString("_id"))
                .toList();
    }
}
