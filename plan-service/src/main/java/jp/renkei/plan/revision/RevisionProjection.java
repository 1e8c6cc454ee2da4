package jp.renkei.plan.revision;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jp.renkei.contracts.events.PlanEventTypes;
import jp.renkei.messaging.outbox.OutboxEvent;
import jp.renkei.messaging.outbox.PublishedEventListener;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The revision history of each measure, one entry per version, kept from the measure's own events as they are
 * published. Every change of a measure moves its version and produces exactly one event, so the history has no
 * gaps; writing it from the outbox keeps it out of the write path, where it would need a second document.
 */
@Component
public class RevisionProjection implements PublishedEventListener {

    static final String REVISIONS = "measure_revisions";

    private final MongoTemplate mongo;
    private final JsonMapper json;

    RevisionProjection(MongoTemplate mongo, JsonMapper json) {
        this.mongo = mongo;
        this.json = json;
    }

    @Override
    public void published(List<OutboxEvent> events) {
        BulkOperations entries = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, REVISIONS);
        int count = 0;
        for (OutboxEvent event : events) {
            if (!event.type().startsWith(PlanEventTypes.PREFIX + "measure.")) {
                continue;
            }
            JsonNode data = json.readTree(event.data());
            String planId = data.path("planId").asString();
            String measureId = data.path("measureId").asString();
            // an upsert keyed by measure and version: publishing the same event twice writes the same entry
            entries.upsert(query(where("_id").is(id(planId, measureId, event.sequence()))), new Update()
                    .set("planId", planId)
                    .set("measureId", measureId)
                    .set("version", event.sequence())
                    .set("eventId", event.eventId())
                    .set("eventType", event.type())
                    .set("recordedAt", event.time())
                    .set("data", event.data()));
            count++;
        }
        if (count > 0) {
            entries.execute();
        }
    }

    /**
     * The measure's versions 1 to {@code upToVersion}, oldest first, each read by its exact id: the cost grows with this
     * measure's history only, never with the collection (on the embedded store, a query on anything but the exact
     * {@code _id} reads every revision of every measure). A version whose event is still being published is not
     * there yet, and is left out.
     */
    public List<Revision> history(String planId, String measureId, long upToVersion) {
        List<Revision> history = new ArrayList<>();
        for (long version = 1; version <= upToVersion; version++) {
            find(planId, measureId, version).ifPresent(history::add);
        }
        return history;
    }

    public Optional<Revision> find(String planId, String measureId, long version) {
        return Optional.ofNullable(mongo.findById(id(planId, measureId, version), StoredRevision.class, REVISIONS))
                .map(this::toRevision);
    }

    private Revision toRevision(StoredRevision stored) {
        JsonNode data = json.readTree(stored.data());
        return new Revision(stored.version(), stored.eventId(), stored.eventType(), stored.recordedAt(), data);
    }

    private static String id(String planId, String measureId, long version) {
        return planId + "/" + measureId + "/" + version;
    }

    record StoredRevision(String id, String planId, String measureId, long version, String eventId, String eventType,
                          java.time.Instant recordedAt, String data) {
    }
}
