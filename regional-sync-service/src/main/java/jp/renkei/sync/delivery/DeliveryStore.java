package jp.renkei.sync.delivery;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.Instant;
import java.util.List;
import jp.renkei.sync.delivery.Delivery.DeliveryStatus;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Repository;

@Repository
public class DeliveryStore {

    static final String DELIVERIES = "deliveries";

    private final MongoTemplate mongo;

    DeliveryStore(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** True when the delivery is new; a delivery with the same id already stored is left as it is. */
    public boolean create(Delivery delivery) {
        try {
            mongo.insert(delivery, DELIVERIES);
            return true;
        } catch (DuplicateKeyException alreadyCreated) {
            return false;
        }
    }

    /** Pending deliveries, due or not, in the order they must go out. */
    List<Delivery> pending(int limit) {
        return mongo.find(query(where("status").is(DeliveryStatus.PENDING))
                .with(Sort.by("createdAt", "sequence")).limit(limit), Delivery.class, DELIVERIES);
    }

    java.util.Optional<Delivery> find(String id) {
        return java.util.Optional.ofNullable(mongo.findById(id, Delivery.class, DELIVERIES));
    }

    public List<Delivery> ofPartner(String partnerId, DeliveryStatus status, int limit) {
        org.springframework.data.mongodb.core.query.Criteria criteria = where("partnerId").is(partnerId);
        if (status != null) {
            criteria = criteria.and("status").is(status);
        }
        return mongo.find(query(criteria).with(Sort.by(Sort.Direction.DESC, "createdAt")).limit(limit), Delivery.class,
                DELIVERIES);
    }

    /** Puts a delivery of the partner back in line for an attempt now; false when there is no such delivery. */
    public boolean retryNow(String partnerId, String deliveryId, Instant now) {
        return mongo.updateFirst(query(where("_id").is(deliveryId).and("partnerId").is(partnerId)), new Update()
                .set("status", DeliveryStatus.PENDING).set("nextAttemptAt", now), DELIVERIES).getMatchedCount() == 1;
    }

    void delivered(Delivery delivery, int statusCode, Instant at) {
        mongo.updateFirst(query(where("_id").is(delivery.id())), new Update()
                .set("status", DeliveryStatus.DELIVERED).inc("attempts", 1).set("deliveredAt", at)
                .set("lastStatusCode", statusCode).unset("lastError"), DELIVERIES);
    }

    void attemptFailed(Delivery delivery, Integer statusCode, String error, Instant nextAttemptAt) {
        Update update = new Update().inc("attempts", 1).set("lastStatusCode", statusCode).set("lastError", error);
        if (nextAttemptAt == null) {
            update.set("status", DeliveryStatus.FAILED);
        } else {
            update.set("nextAttemptAt", nextAttemptAt);
        }
        mongo.updateFirst(query(where("_id").is(delivery.id())), update, DELIVERIES);
    }
}
