package jp.renkei.sync.partner;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Repository;

/**
 * When each partner last started an expensive operation (a replay, a recovery), so that it may start the next only
 * after an interval. Kept in the store, one document per partner and operation, so every instance applies the same
 * limit and a restart does not reset it.
 */
@Repository
public class PartnerOperations {

    static final String OPERATIONS = "partner_operations";

    private final MongoTemplate mongo;

    PartnerOperations(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /**
     * Starts the operation now unless the partner started it less than {@code interval} ago; in one update, so two
     * requests at once cannot both start it.
     *
     * @return empty when started; otherwise when it may start again
     */
    public Optional<Instant> tryStart(String partnerId, String operation, Instant now, Duration interval) {
        String id = partnerId + ":" + operation;
        try {
            // no document, or one old enough: this upsert takes the turn; a recent one makes it a duplicate key
            mongo.upsert(query(where("_id").is(id).and("lastStartedAt").lte(now.minus(interval))),
                    new Update().set("lastStartedAt", now), OPERATIONS);
            return Optional.empty();
        } catch (DuplicateKeyException tooSoon) {
            Document last = mongo.findById(id, Document.class, OPERATIONS);
            Instant lastStarted = last == null ? now : last.getDate("lastStartedAt").toInstant();
            return Optional.of(lastStarted.plus(interval));
        }
    }
}
