package jp.renkei.plan.progress;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.util.Comparator;
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

/**
 * One document per measure in {@code progress}. The hot paths (read a measure's progress, record an actual, publish
 * an evaluation) read by {@code _id} and write by the unique version key; only the per-plan reads (roll-ups,
 * exports) filter, over one document per measure of the plan: bounded by the plan, not by its history.
 */
@Repository
class MongoProgressStore implements ProgressStore, Outbox {

    private static final String COLLECTION = "progress";

    private final MongoTemplate mongo;
    private final MongoDocumentOutbox outbox;

    MongoProgressStore(MongoTemplate mongo) {
        this.mongo = mongo;
        this.outbox = MongoDocumentOutbox.scanned(mongo, COLLECTION);
        mongo.indexOps(ProgressDocument.class).createIndex(new Index().on(ProgressDocument.VERSION_KEY,
                Sort.Direction.ASC).unique());
    }

    @Override
    public Optional<Progress> find(String planId, String measureId) {
        return Optional.ofNullable(mongo.findById(ProgressStore.aggregateKey(planId, measureId), ProgressDocument.class))
                .map(ProgressDocument::toProgress);
    }

    @Override
    public List<Progress> findByPlan(String planId) {
        return mongo.find(query(where("planId").is(planId)), ProgressDocument.class).stream()
                .map(ProgressDocument::toProgress)
                .sorted(Comparator.comparing(progress -> progress.measure().measureId()))
                .toList();
    }

    @Override
    public boolean write(Progress after, long expectedVersion, List<OutboxEvent> events) {
        if (expectedVersion == 0) {
            try {
                mongo.insert(ProgressDocument.of(after, events));
                return true;
            } catch (DuplicateKeyException someoneFirst) {
                return false;
            }
        }
        ProgressDocument next = ProgressDocument.of(after, List.of());
        Update update = new Update()
                .set("measure", next.measure())
                .set("version", next.version())
                .set("sequence", next.sequence())
                .set(ProgressDocument.VERSION_KEY, next.versionKey())
                .set("indicatorVersions", next.indicatorVersions())
                .set("actuals", next.actuals())
                .set("evaluations", next.evaluations())
                .set("feedPositions", next.feedPositions());
        if (!events.isEmpty()) {
            update.push("outbox").each(events.toArray());
        }
        Query atExpectedVersion = query(where(ProgressDocument.VERSION_KEY)
                .is(ProgressDocument.versionKey(next.id(), expectedVersion)));
        return mongo.updateFirst(atExpectedVersion, update, ProgressDocument.class).getModifiedCount() == 1;
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
