package jp.renkei.plan.measure;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import com.mongodb.client.MongoCollection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.renkei.messaging.outbox.MongoDocumentOutbox;
import jp.renkei.messaging.outbox.Outbox;
import jp.renkei.messaging.outbox.OutboxEvent;
import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Repository;

@Repository
class MongoMeasureStore implements MeasureStore, Outbox {

    private static final String COLLECTION = "measures";
    /** The edit's read: the measure without its pending events, which an edit does not need. */
    private static final Document WITHOUT_OUTBOX = new Document(MeasureDocuments.OUTBOX, 0);

    private final MongoTemplate mongo;
    /** The edit's read and write, straight through the driver (see {@link MeasureDocuments}). */
    private final MongoCollection<Document> measures;
    private final MongoDocumentOutbox outbox;

    MongoMeasureStore(MongoTemplate mongo) {
        this.mongo = mongo;
        this.measures = mongo.getCollection(COLLECTION);
        this.outbox = MongoDocumentOutbox.scanned(mongo, COLLECTION);
        // sparse: measures stored before version keys have none until their next change
        mongo.indexOps(MeasureDocument.class).createIndex(new Index().on(MeasureDocument.VERSION_KEY,
                Sort.Direction.ASC).unique().sparse());
    }

    /** By {@code _id}, without the pending events: an edit reads the measure, not what the relay has yet to send. */
    @Override
    public Optional<Measure> find(String planId, String measureId) {
        Document stored = measures.find(new Document(MeasureDocuments.ID, MeasureStore.aggregateKey(planId, measureId)))
                .projection(WITHOUT_OUTBOX).first();
        return Optional.ofNullable(stored).map(MeasureDocuments::measure);
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
        String expectedKey = MeasureDocument.versionKey(id, expectedVersion);
        Document update = MeasureDocuments.revision(revised, MeasureDocument.versionKey(id, revised.version()),
                revisedEvent);
        // the version too: a version of this service that did not keep version keys may have moved the measure on
        // and left its key behind
        if (measures.updateOne(new Document(MeasureDocument.VERSION_KEY, expectedKey).append("version",
                expectedVersion), update).getModifiedCount() == 1) {
            return true;
        }
        MeasureDocument stored = mongo.findById(id, MeasureDocument.class);
        if (stored == null || stored.version() != expectedVersion || expectedKey.equals(stored.versionKey())) {
            return false;
        }
        return measures.updateOne(new Document(MeasureDocuments.ID, id).append("version", expectedVersion), update)
                .getModifiedCount() == 1;
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
