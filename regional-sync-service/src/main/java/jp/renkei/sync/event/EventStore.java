package jp.renkei.sync.event;

import java.util.Optional;
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

    public Optional<StoredEvent> find(String eventId) {
        return Optional.ofNullable(mongo.findById(eventId, StoredEvent.class, EVENTS));
    }
}
