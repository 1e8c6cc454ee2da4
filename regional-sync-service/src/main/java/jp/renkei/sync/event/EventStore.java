package jp.renkei.sync.event;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Repository;

@Repository
public class EventStore {

    private static final String EVENTS = "events";

    private final MongoTemplate mongo;

    EventStore(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** Keeps the event; a second copy of the same event id (a redelivered record) changes nothing. */
    public void keep(StoredEvent event) {
        try {
            mongo.insert(event, EVENTS);
        } catch (DuplicateKeyException alreadyKept) {
            // at-least-once delivery from Kafka: the first copy stands
        }
    }

    /** Events received from {@code since} on (before {@code until}, when given), in the order they arrived. */
    public List<StoredEvent> receivedBetween(Instant since, Instant until) {
        Criteria received = where("receivedAt").gte(since);
        if (until != null) {
            received = received.lt(until);
        }
        return mongo.find(query(received).with(Sort.by("receivedAt", "_id")), StoredEvent.class, EVENTS);
    }

    public Optional<StoredEvent> find(String eventId) {
        return Optional.ofNullable(mongo.findById(eventId, StoredEvent.class, EVENTS));
    }
}
