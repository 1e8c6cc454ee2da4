package jp.renkei.sync.delivery;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.renkei.sync.delivery.Delivery.DeliveryStatus;
import jp.renkei.sync.notice.Notice;
import jp.renkei.sync.notice.NoticeRelay;
import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.aggregation.Aggregation;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Repository;

@Repository
public class DeliveryStore {

    static final String DELIVERIES = "deliveries";
    static final String ATTEMPTS = "delivery_attempts";
    private static final Sort IN_ORDER = Sort.by("createdAt", "sequence");

    private final MongoTemplate mongo;

    DeliveryStore(MongoTemplate mongo) {
        this.mongo = mongo;
        mongo.indexOps(DELIVERIES).createIndex(new Index().on("endpointId", Sort.Direction.ASC)
                .on("status", Sort.Direction.ASC).on("nextAttemptAt", Sort.Direction.ASC));
        mongo.indexOps(DELIVERIES).createIndex(new Index().on("partnerId", Sort.Direction.ASC)
                .on("createdAt", Sort.Direction.DESC));
        mongo.indexOps(ATTEMPTS).createIndex(new Index().on("deliveryId", Sort.Direction.ASC));
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

    /** "Latest state only": older pending deliveries of the same endpoint and subject are not sent any more. */
    public long supersedeOlder(Delivery newer) {
        return mongo.updateMulti(query(where("endpointId").is(newer.endpointId()).and("subject").is(newer.subject())
                        .and("status").is(DeliveryStatus.PENDING).and("latestOnly").is(true)
                        .and("sequence").lt(newer.sequence()).and("_id").ne(newer.id())),
                new Update().set("status", DeliveryStatus.SUPERSEDED), DELIVERIES).getModifiedCount();
    }

    /**
     * An endpoint's pending deliveries, due or not, in the order they must go out: the first of each subject is the
     * one that may go next. One query per endpoint and pass, so the order needs no second look.
     */
    List<Delivery> pendingFor(String endpointId, int limit) {
        return mongo.find(query(where("endpointId").is(endpointId).and("status").is(DeliveryStatus.PENDING))
                .with(IN_ORDER).limit(limit), Delivery.class, DELIVERIES);
    }

    public Optional<Delivery> find(String id) {
        return Optional.ofNullable(mongo.findById(id, Delivery.class, DELIVERIES));
    }

    public Optional<Delivery> findOfPartner(String partnerId, String id) {
        return Optional.ofNullable(mongo.findOne(query(where("_id").is(id).and("partnerId").is(partnerId)),
                Delivery.class, DELIVERIES));
    }

    /** A partner's deliveries, newest first, narrowed by whichever filters are set. */
    public List<Delivery> ofPartner(DeliveryFilter filter, int limit) {
        Criteria criteria = where("partnerId").is(filter.partnerId());
        if (filter.status() != null) {
            criteria = criteria.and("status").is(filter.status());
        }
        if (filter.endpointId() != null) {
            criteria = criteria.and("endpointId").is(filter.endpointId());
        }
        if (filter.eventType() != null) {
            criteria = criteria.and("eventType").is(filter.eventType());
        }
        if (filter.subject() != null) {
            criteria = criteria.and("subject").is(filter.subject());
        }
        if (filter.since() != null) {
            criteria = criteria.and("createdAt").gte(filter.since());
        }
        return mongo.find(query(criteria).with(Sort.by(Sort.Direction.DESC, "createdAt", "sequence")).limit(limit),
                Delivery.class, DELIVERIES);
    }

    /**
     * Puts a delivery of the partner back in line for an attempt now, with a fresh retry schedule, whatever its
     * status; false when the partner has no such delivery.
     */
    public boolean retryNow(String partnerId, String deliveryId, Instant now) {
        return mongo.updateFirst(query(where("_id").is(deliveryId).and("partnerId").is(partnerId)), requeue(now),
                DELIVERIES).getMatchedCount() == 1;
    }

    /** Puts every failed delivery of the partner created since {@code since} back in line; how many. */
    public long recoverFailed(String partnerId, Instant since, Instant now) {
        return mongo.updateMulti(query(where("partnerId").is(partnerId).and("status").is(DeliveryStatus.FAILED)
                .and("createdAt").gte(since)), requeue(now), DELIVERIES).getModifiedCount();
    }

    private static Update requeue(Instant now) {
        return new Update().set("status", DeliveryStatus.PENDING).set("nextAttemptAt", now).set("attempts", 0);
    }

    void delivered(Delivery delivery, int statusCode, Instant at) {
        mongo.updateFirst(query(where("_id").is(delivery.id())), new Update()
                .set("status", DeliveryStatus.DELIVERED).inc("attempts", 1).set("deliveredAt", at)
                .set("lastStatusCode", statusCode).unset("lastError"), DELIVERIES);
    }

    /**
     * Records a failed attempt: the next one at {@code nextAttemptAt}, or, when that is null, the delivery failed
     * for good and {@code failed} goes into its outbox in the same update.
     */
    void attemptFailed(Delivery delivery, Integer statusCode, String error, Instant nextAttemptAt, Notice failed) {
        Update update = new Update().inc("attempts", 1).set("lastStatusCode", statusCode).set("lastError", error);
        if (nextAttemptAt == null) {
            NoticeRelay.pushTo(update.set("status", DeliveryStatus.FAILED), failed);
        } else {
            update.set("nextAttemptAt", nextAttemptAt);
        }
        // a delivery superseded meanwhile stays superseded
        mongo.updateFirst(query(where("_id").is(delivery.id()).and("status").is(DeliveryStatus.PENDING)), update,
                DELIVERIES);
    }

    void logAttempt(DeliveryAttempt attempt) {
        mongo.insert(attempt, ATTEMPTS);
    }

    public List<DeliveryAttempt> attemptsOf(String deliveryId) {
        return mongo.find(query(where("deliveryId").is(deliveryId)).with(Sort.by("at")), DeliveryAttempt.class,
                ATTEMPTS);
    }

    /** Per partner: pending deliveries and when the oldest of them was created. */
    public Map<String, Backlog> backlogs() {
        Map<String, Backlog> backlogs = new HashMap<>();
        for (Document row : mongo.aggregate(Aggregation.newAggregation(
                Aggregation.match(where("status").is(DeliveryStatus.PENDING)),
                Aggregation.group("partnerId").count().as("pending").min("createdAt").as("oldest")),
                DELIVERIES, Document.class)) {
            backlogs.put(row.getString("_id"), new Backlog(((Number) row.get("pending")).longValue(),
                    row.getDate("oldest").toInstant()));
        }
        return backlogs;
    }

    public record Backlog(long pending, Instant oldestCreatedAt) {
    }

    /** Filters for listing a partner's deliveries; null means any. */
    public record DeliveryFilter(String partnerId, DeliveryStatus status, String endpointId, String eventType,
                                 String subject, Instant since) {
    }
}
