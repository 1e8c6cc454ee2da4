package jp.renkei.sync.delivery;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.function.Predicate;
import jp.renkei.messaging.outbox.MongoDocumentOutbox;
import jp.renkei.messaging.outbox.OutboxEvent;
import jp.renkei.sync.delivery.Delivery.DeliveryStatus;
import jp.renkei.sync.storage.InsertMany;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.FindAndReplaceOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Repository;

/**
 * Deliveries in two collections: {@code deliveries} holds the ones still to send (and a failed one until its notice
 * is out), {@code delivery_history} every one that is finished — delivered, failed, superseded. The dispatcher reads
 * only the first, so what it scans stays as small as the backlog however long the service runs (the embedded store
 * has no secondary indexes; on MongoDB the indexes below serve the same reads). A delivery's id is unique across
 * both, and a retry or a recovery moves it back.
 */
@Repository
public class DeliveryStore {

    private static final Logger log = LoggerFactory.getLogger(DeliveryStore.class);

    static final String DELIVERIES = "deliveries";
    static final String HISTORY = "delivery_history";
    static final String ATTEMPTS = "delivery_attempts";
    /** Marks of deliveries ending in the queue, by their id: what the sweep moves to the history. */
    static final String FINISHING = "delivery_finishing";
    /** How long a mark of a delivery still pending is kept: the write it announces may be under way. */
    static final Duration MARK_SETTLES = Duration.ofMinutes(1);
    private static final int ARCHIVED_AT_ONCE = 500;
    private static final Sort IN_ORDER = Sort.by("createdAt", "sequence");
    private static final Comparator<Delivery> NEWEST_FIRST = Comparator.comparing(Delivery::createdAt)
            .thenComparingLong(Delivery::sequence).reversed();

    private final MongoTemplate mongo;
    /** Marks are about real elapsed time, never the service's business clock. */
    private final Clock marksClock = Clock.systemUTC();
    /** Whether this instance has archived what an earlier version left in the queue without a mark. */
    private volatile boolean leftoversArchived;

    DeliveryStore(MongoTemplate mongo) {
        this.mongo = mongo;
        mongo.indexOps(DELIVERIES).createIndex(new Index().on("endpointId", Sort.Direction.ASC)
                .on("status", Sort.Direction.ASC).on("createdAt", Sort.Direction.ASC));
        for (String collection : List.of(DELIVERIES, HISTORY)) {
            mongo.indexOps(collection).createIndex(new Index().on("partnerId", Sort.Direction.ASC)
                    .on("createdAt", Sort.Direction.DESC));
        }
        mongo.indexOps(ATTEMPTS).createIndex(new Index().on("deliveryId", Sort.Direction.ASC));
    }

    /**
     * Stores the deliveries that are new, in one insert: one with the id of a pending delivery is left out by its
     * duplicate key, and one whose {@code mayBeFinished} says it may have been created before (its event was
     * received before) is left out when the history has it, looked up by id.
     *
     * @return the deliveries stored now, and those not finished (stored now or pending from before), in the order
     * given
     */
    public Created createAll(List<Delivery> candidates, Predicate<Delivery> mayBeFinished) {
        List<Delivery> unfinished = candidates.stream()
                .filter(delivery -> !mayBeFinished.test(delivery)
                        || mongo.findById(delivery.id(), Document.class, HISTORY) == null)
                .toList();
        return new Created(InsertMany.ignoringDuplicates(mongo, DELIVERIES, unfinished), unfinished);
    }

    /**
     * @param inserted   deliveries stored by this call
     * @param unfinished those and the ones that were pending already: a batch read again after a crash must queue
     *                   them, since their first queueing may never have been committed
     */
    public record Created(List<Delivery> inserted, List<Delivery> unfinished) {
    }

    /**
     * "Latest state only": deliveries a newer one of their subject takes the place of will not be sent. Marked first,
     * so that the sweep moves them to the history.
     */
    void supersede(Collection<String> ids) {
        markFinishing(ids);
        mongo.updateMulti(query(where("_id").in(ids).and("status").is(DeliveryStatus.PENDING)),
                new Update().set("status", DeliveryStatus.SUPERSEDED), DELIVERIES);
    }

    /**
     * Every pending delivery, in the order they must go out, read as the caller goes (close the stream): what a
     * dispatcher reads when partitions of the delivery topic become its own (a rebalance, never per record).
     */
    Stream<Delivery> pending() {
        return mongo.stream(query(where("status").is(DeliveryStatus.PENDING)).with(IN_ORDER), Delivery.class,
                DELIVERIES);
    }

    /**
     * An endpoint's oldest pending deliveries, due or not, in order, at most {@code limit}: read again when an
     * operation changed them, and when the dispatcher's line for the endpoint runs low.
     */
    List<Delivery> pendingOf(String endpointId, int limit) {
        return mongo.find(query(where("endpointId").is(endpointId).and("status").is(DeliveryStatus.PENDING))
                .with(IN_ORDER).limit(limit), Delivery.class, DELIVERIES);
    }

    public Optional<Delivery> find(String id) {
        return Optional.ofNullable(mongo.findById(id, Delivery.class, DELIVERIES))
                .or(() -> Optional.ofNullable(mongo.findById(id, Delivery.class, HISTORY)));
    }

    /**
     * The deliveries of {@code ids} that are still pending, in one read by id: the owner's check before sending those
     * it cannot vouch for. A finished delivery has left this collection, so it is simply absent.
     */
    List<Delivery> pendingAmong(Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return mongo.find(query(where("_id").in(ids)), Delivery.class, DELIVERIES).stream()
                .filter(delivery -> delivery.status() == DeliveryStatus.PENDING).toList();
    }

    public Optional<Delivery> findOfPartner(String partnerId, String id) {
        return find(id).filter(delivery -> delivery.partnerId().equals(partnerId));
    }

    /** A partner's deliveries, pending and finished, newest first, narrowed by whichever filters are set. */
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
        Query newest = query(criteria).with(Sort.by(Sort.Direction.DESC, "createdAt", "sequence")).limit(limit);
        // a delivery being moved can be in both for a moment: the pending copy is the current one
        Map<String, Delivery> merged = new HashMap<>();
        // the history holds finished deliveries only: what the operators' console asks for most, the backlog, never
        // reads it (it grows with history, and the embedded store would read all of it for the sorted page)
        if (filter.status() != DeliveryStatus.PENDING) {
            mongo.find(newest, Delivery.class, HISTORY).forEach(delivery -> merged.put(delivery.id(), delivery));
        }
        mongo.find(newest, Delivery.class, DELIVERIES).forEach(delivery -> merged.put(delivery.id(), delivery));
        return merged.values().stream().sorted(NEWEST_FIRST).limit(limit).toList();
    }

    /**
     * Puts a delivery of the partner back in line for an attempt now, with a fresh retry schedule, whatever its
     * status; false when the partner has no such delivery.
     */
    public boolean retryNow(String partnerId, String deliveryId, Instant now) {
        if (mongo.updateFirst(query(where("_id").is(deliveryId).and("partnerId").is(partnerId)), requeue(now),
                DELIVERIES).getMatchedCount() == 1) {
            return true;
        }
        Document finished = mongo.findOne(query(where("_id").is(deliveryId).and("partnerId").is(partnerId)),
                Document.class, HISTORY);
        if (finished == null) {
            return false;
        }
        moveBack(finished, now);
        return true;
    }

    /** Puts every failed delivery of the partner created since {@code since} back in line; how many. */
    public long recoverFailed(String partnerId, Instant since, Instant now) {
        Criteria failed = where("partnerId").is(partnerId).and("status").is(DeliveryStatus.FAILED)
                .and("createdAt").gte(since);
        long recovered = mongo.updateMulti(query(failed), requeue(now), DELIVERIES).getModifiedCount();
        for (Document finished : mongo.find(query(failed), Document.class, HISTORY)) {
            moveBack(finished, now);
            recovered++;
        }
        return recovered;
    }

    /** Back into the queue before it leaves the history, so a crash in between leaves it in both, never in neither. */
    private void moveBack(Document finished, Instant now) {
        Document pending = new Document(finished);
        pending.put("status", DeliveryStatus.PENDING.name());
        pending.put("nextAttemptAt", Date.from(now));
        pending.put("attempts", 0);
        mongo.save(pending, DELIVERIES);
        mongo.remove(byId(finished.get("_id")), HISTORY);
    }

    private static Update requeue(Instant now) {
        return new Update().set("status", DeliveryStatus.PENDING).set("nextAttemptAt", now).set("attempts", 0);
    }

    /**
     * Deliveries accepted by their partners, recorded together: into the history first, then out of the queue, so a
     * crash in between leaves one in both and the sweep ends it; their attempts in the same round. Every write is by
     * id, so a batch costs the same however long the history is.
     */
    void deliveredAll(List<Delivered> delivered) {
        if (delivered.isEmpty()) {
            return;
        }
        BulkOperations history = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, Delivery.class, HISTORY);
        delivered.forEach(done -> history.replaceOne(byId(done.delivery().id()), done.finished(),
                FindAndReplaceOptions.options().upsert()));
        history.execute();
        InsertMany.ignoringDuplicates(mongo, ATTEMPTS, delivered.stream().map(Delivered::attempt).toList());
        BulkOperations queue = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, DELIVERIES);
        delivered.forEach(done -> queue.remove(byId(done.delivery().id())));
        queue.execute();
    }

    /** A delivery its partner accepted with {@code statusCode}, and the attempt that did it. */
    record Delivered(Delivery delivery, int statusCode, DeliveryAttempt attempt) {

        Delivery finished() {
            return new Delivery(delivery.id(), delivery.partnerId(), delivery.endpointId(), delivery.eventId(),
                    delivery.eventType(), delivery.subject(), delivery.sequence(), DeliveryStatus.DELIVERED,
                    delivery.attempts() + 1, delivery.nextAttemptAt(), delivery.createdAt(), attempt.at(), statusCode,
                    null, delivery.latestOnly(), delivery.replayId());
        }
    }

    /**
     * Records a failed attempt: the next one at {@code nextAttemptAt}, or, when that is null, the delivery failed
     * for good and {@code failed} goes into its outbox in the same update (it moves to the history once the notice
     * is out).
     */
    void attemptFailed(Delivery delivery, Integer statusCode, String error, Instant nextAttemptAt, OutboxEvent failed) {
        Update update = new Update().inc("attempts", 1).set("lastStatusCode", statusCode).set("lastError", error);
        if (nextAttemptAt == null) {
            markFinishing(List.of(delivery.id()));
            MongoDocumentOutbox.push(update.set("status", DeliveryStatus.FAILED), List.of(failed));
        } else {
            update.set("nextAttemptAt", nextAttemptAt);
        }
        // a delivery superseded meanwhile stays superseded
        mongo.updateFirst(query(where("_id").is(delivery.id()).and("status").is(DeliveryStatus.PENDING)), update,
                DELIVERIES);
    }

    /**
     * Before a write that ends a delivery in the queue (failed for good, superseded): the sweep looks at it until it has
     * moved to the history.
     */
    private void markFinishing(Collection<String> ids) {
        BulkOperations marks = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, FINISHING);
        Date now = Date.from(marksClock.instant());
        ids.forEach(id -> marks.upsert(byId(id), new Update().set("markedAt", now)));
        marks.execute();
    }

    /**
     * Moves finished deliveries whose notices are out to the history. It reads only the marks of deliveries that were
     * ending lately, never the queue itself, which grows with a partner's outage; the first sweep after a start also
     * reads the queue once for what an earlier version, which did not mark, left behind.
     */
    @Scheduled(fixedDelayString = "${renkei.sync.delivery.archive-interval:2s}")
    void archiveFinished() {
        try {
            archiveMarked();
        } catch (RuntimeException storeUnavailable) {
            // the marks stay: the next sweep goes on where this one stopped
            log.warn("could not move finished deliveries to the history: {}", storeUnavailable.getMessage());
        }
    }

    private void archiveMarked() {
        if (!leftoversArchived) {
            List<Document> leftovers;
            do {
                leftovers = mongo.find(finished().limit(ARCHIVED_AT_ONCE), Document.class, DELIVERIES);
                leftovers.forEach(finished -> archive(finished.get("_id")));
            } while (leftovers.size() == ARCHIVED_AT_ONCE);
            leftoversArchived = true;
        }
        Instant settled = marksClock.instant().minus(MARK_SETTLES);
        for (Document mark : mongo.find(new Query().limit(ARCHIVED_AT_ONCE), Document.class, FINISHING)) {
            Object id = mark.get("_id");
            Document delivery = mongo.findById(id, Document.class, DELIVERIES);
            boolean pending = delivery != null && DeliveryStatus.PENDING.name().equals(delivery.getString("status"));
            if (delivery != null && !pending) {
                archive(id);
            }
            // a pending one's mark may be the first half of a write under way: dropped only once that had time to end
            if (delivery == null || !pending && !hasNotice(delivery)
                    || pending && !mark.getDate("markedAt").toInstant().isAfter(settled)) {
                mongo.remove(query(where("_id").is(id).and("markedAt").is(mark.get("markedAt"))), FINISHING);
            }
        }
    }

    private static boolean hasNotice(Document delivery) {
        return delivery.get("outbox") instanceof List<?> notices && !notices.isEmpty();
    }

    private void archive(Object id) {
        Document finished = mongo.findOne(finished().addCriteria(where("_id").is(id)), Document.class, DELIVERIES);
        if (finished == null) {
            return;
        }
        // into the history before it leaves the queue: a crash in between leaves it in both, and the next sweep ends it
        mongo.save(finished, HISTORY);
        mongo.remove(finished().addCriteria(where("_id").is(id)), DELIVERIES);
    }

    /** Not pending, and no notice waiting to be published. */
    private static Query finished() {
        return query(where("status").ne(DeliveryStatus.PENDING).and("outbox.0").exists(false));
    }

    private static Query byId(Object id) {
        return query(where("_id").is(id));
    }

    void logAttempt(DeliveryAttempt attempt) {
        mongo.insert(attempt, ATTEMPTS);
    }

    public List<DeliveryAttempt> attemptsOf(String deliveryId) {
        return mongo.find(query(where("deliveryId").is(deliveryId)).with(Sort.by("at")), DeliveryAttempt.class,
                ATTEMPTS);
    }

    /** Filters for listing a partner's deliveries; null means any. */
    public record DeliveryFilter(String partnerId, DeliveryStatus status, String endpointId, String eventType,
                                 String subject, Instant since) {
    }
}
