package jp.renkei.plan.measure;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.renkei.messaging.outbox.MongoDocumentOutbox;
import jp.renkei.messaging.outbox.Outbox;
import jp.renkei.messaging.outbox.OutboxEvent;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Repository;

@Repository
class MongoMeasureStore implements MeasureStore, Outbox {

    private final MongoTemplate mongo;
    private final MongoDocumentOutbox outbox;

    MongoMeasureStore(MongoTemplate mongo) {
        this.mongo = mongo;
        this.outbox = MongoDocumentOutbox.scanned(mongo, "measures");
        // sparse: measures stored before version keys have none until their next change
        mongo.indexOps(MeasureDocument.class).createIndex(new Index().on(MeasureDocument.VERSION_KEY,
                Sort.Direction.ASC).unique().sparse());
    }

    /** By {@code _id}, without the pending events: an edit reads the measure, not what the relay has yet to send. */
    @Override
    public Optional<Measure> find(String planId, String measureId) {
        Query byId = query(where("_id").is(MeasureStore.aggregateKey(planId, measureId)));
        byId.fields().exclude("outbox");
        return Optional.ofNullable(mongo.findOne(byId, MeasureDocument.class)).map(MeasureDocument::toMeasure);
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

    /**
     * One update selected by the version key, which the store answers from its unique index. Only when that misses
     * is the measure read by {@code _id}: a measure at the expected version whose key is missing or behind (stored
     * before version keys, or changed by a version of this service that did not keep them) is then updated by
     * {@code _id} and version, which sets its key for the next time.
     */
    @Override
    public boolean replace(Measure revised, long expectedVersion, OutboxEvent revisedEvent) {
        String id = MeasureStore.aggregateKey(revised.planId(), revised.measureId());
        Update update = new Update()
                .set("content", revised.content())
                .set("status", revised.status())
                .set("version", revised.version())
                .set(MeasureDocument.VERSION_KEY, MeasureDocument.versionKey(id, revised.version()))
                .set("updatedAt", revised.updatedAt())
                .set("updatedBy", revised.updatedBy())
                .set("approvals", revised.approvals())
                .push("outbox", revisedEvent);
        Query atExpectedVersion = query(where(MeasureDocument.VERSION_KEY)
                .is(MeasureDocument.versionKey(id, expectedVersion)));
        if (mongo.updateFirst(atExpectedVersion, update, MeasureDocument.class).getModifiedCount() == 1) {
            return true;
        }
        MeasureDocument stored = mongo.findById(id, MeasureDocument.class);
        if (stored == null || stored.version() != expectedVersion
                || MeasureDocument.versionKey(id, expectedVersion).equals(stored.versionKey())) {
            return false;
        }
        return mongo.updateFirst(query(where("_id").is(id).and("version").is(expectedVersion)), update,
                MeasureDocument.class).getModifiedCount() == 1;
    }

    @Override
    public List<OutboxEvent> pending(String aggregateKey) {
        return outbox.pending(aggregateKey);
    }

    @Override
    public void markPublished(Map<String, List<String>> eventIdsByAggregate) {
        outbox.markPublished(eventIdsByAggregate);
    }

    @Override
    public List<String> aggregatesWithPendingEvents() {
        return outbox.aggregatesWithPendingEvents();
    }
}
