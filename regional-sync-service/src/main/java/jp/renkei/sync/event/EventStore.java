package jp.renkei.sync.event;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import jp.renkei.sync.storage.InsertMany;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Repository;

@Repository
public class EventStore {

    private static final String EVENTS = "events";

    private final MongoTemplate mongo;

    EventStore(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /**
     * Keeps the events in one insert; copies of ids kept before (a redelivered record) change nothing.
     *
     * @return the ids of the events that were kept before this call
     */
    public Set<String> keepAll(List<StoredEvent> batch) {
        Set<String> before = new HashSet<>();
        batch.forEach(event -> before.add(event.id()));
        InsertMany.ignoringDuplicates(mongo, EVENTS, batch).forEach(inserted -> before.remove(inserted.id()));
        return before;
    }

    /** Events received from {@code since} on (before {@code until}, when given), in the order they arrived. */
    public List<StoredEvent> receivedBetween(Instant since, Instant until) {
        Criteria received = where("receivedAt").gte(since);
        if (until != null) {
            received = received.lt(until);
        }
        return mongo.find(query(received).with(Sort.by("receivedAt", "_id")), StoredEvent.class, EVENTS);
    }

    /** The events of {@code eventIds} that are kept, in one read by id; absent ones are left out. */
    public List<StoredEvent> findAll(Collection<String> eventIds) {
        if (eventIds.isEmpty()) {
            return List.of();
        }
        return mongo.find(query(where("_id").in(eventIds)), StoredEvent.class, EVENTS);
    }
}
