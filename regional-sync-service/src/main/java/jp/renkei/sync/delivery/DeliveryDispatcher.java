package jp.renkei.sync.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;
import jp.renkei.contracts.events.SyncEventTypes;
import jp.renkei.contracts.sync.DeliveryFailed;
import jp.renkei.contracts.sync.EndpointDisabled;
import jp.renkei.messaging.outbox.OutboxEvent;
import jp.renkei.sync.SyncProperties;
import jp.renkei.sync.event.EventStore;
import jp.renkei.sync.event.StoredEvent;
import jp.renkei.sync.notice.Notices;
import jp.renkei.sync.partner.Endpoint;
import jp.renkei.sync.partner.PartnerDirectory;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends the deliveries of the endpoints this instance owns. Ownership comes from Kafka: the dispatchers of all
 * instances are one consumer group on the delivery topic, whose records are keyed by endpoint id, so each endpoint's
 * records are in one partition and each partition is one instance's at a time. When a partition is assigned, the
 * new owner reads the pending deliveries of its endpoints from the store (the durable state: attempts, next attempt
 * time) and goes on where the last owner stopped; when it is revoked, nothing more is started for its endpoints.
 * The deliveries this instance's own fan-out creates for endpoints it owns come in memory ({@link #handOver}), ahead
 * of their records, which then only confirm them.
 *
 * <p>Per endpoint, a queue in memory with one line per subject: only the head of a line may go, and only when
 * nothing of that subject is in flight, so a later revision never overtakes an earlier one. A head goes as soon as
 * it is due and the endpoint has a free slot (its bulkhead), its breaker lets it and its throttle has a token; a head
 * that waits for a retry sets a timer and holds up nothing else. A slot that frees, a record that arrives, a timer
 * and the breaker turning half-open each wake that one endpoint: there is no periodic scan.
 *
 * <p>All queue state belongs to one thread ({@code delivery-dispatcher}), which only decides: the consumer thread
 * hands records over, requests are built, signed and started on a pool of their own ({@code delivery-request}), and
 * their outcomes are stored on another ({@code delivery-outcome}) before the queue hears of them.
 */
@Component
public class DeliveryDispatcher implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DeliveryDispatcher.class);
    /** How long to wait before trying an endpoint again when the store could not be read. */
    private static final Duration STORE_RETRY = Duration.ofSeconds(1);
    private static final long HANDOVER_TIMEOUT_SECONDS = 30;
    /** The most accepted deliveries recorded in one round of writes. */
    private static final int RECORDED_AT_ONCE = 256;
    private static final int RECENT_EVENTS = 4_096;
    /** How many events of the deliveries in line behind one that starts are read along with its own. */
    private static final int EVENTS_READ_AHEAD = 32;
    /**
     * A delivery record created this long after the endpoint became this instance's was not seen by an earlier owner
     * (the margin covers clocks of other instances that run ahead), so the queue's copy of it needs no check.
     */
    private static final Duration CLOCK_SKEW_ALLOWANCE = Duration.ofSeconds(5);
    /** The most deliveries handed over in memory whose records are still to come from the delivery topic. */
    private static final int HANDED_OVER_AT_MOST = 200_000;

    private final Notices notices;
    private final DeliveryStore deliveries;
    private final EventStore events;
    private final PartnerDirectory partners;
    private final WebhookSender sender;
    private final EndpointGuards guards;
    private final DeliveryMetrics metrics;
    private final JsonMapper json;
    private final RetryPolicy retryPolicy;
    private final Clock clock;
    /**
     * The loop: all queue state is its thread's. Hand-overs from the fan-out ({@link #handOver}) are urgent, so that a
     * partner's new deliveries do not queue behind the completions of another partner's draining backlog.
     */
    private final UrgentFirstLoop loop = new UrgentFirstLoop(daemon("delivery-dispatcher"));
    /**
     * Builds, signs and starts the requests the loop decided on. Off the loop: the body's JSON, the signatures and the
     * HTTP client's set-up of the exchange were 42 % of the loop's time while one partner's backlog drained at 1,600
     * a second, and every other endpoint's hand-overs and completions waited behind them (JFR, 2026-12-06).
     */
    private final ExecutorService requests = Executors.newFixedThreadPool(2, daemon("delivery-request"));
    /** Records failed attempts in the store; bounded, so a burst of answers cannot start unbounded threads. */
    private final ExecutorService outcomes = Executors.newFixedThreadPool(4, daemon("delivery-outcome"));
    /** Accepted deliveries on their way to the store, recorded in batches by one thread. */
    private final BlockingQueue<Accepted> accepted = new LinkedBlockingQueue<>();
    private final ExecutorService recorder = Executors.newSingleThreadExecutor(daemon("delivery-recorder"));
    /** The queues of the endpoints this instance owns; the loop thread's only. */
    private final Map<String, EndpointQueue> queues = new HashMap<>();
    private final int maxQueuedPerEndpoint;
    /** Per throttled endpoint, its bucket; the loop thread's only. */
    private final Map<String, Throttle> throttles = new HashMap<>();
    /**
     * Events recently sent, by id: one event goes to every subscribed endpoint, and events never change, so the store
     * is read once per event rather than once per delivery. Bounded; the loop thread's only.
     */
    private final Map<String, StoredEvent> recentEvents = new LinkedHashMap<>(RECENT_EVENTS, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, StoredEvent> eldest) {
            return size() > RECENT_EVENTS;
        }
    };
    /**
     * Partitions of the delivery topic this instance owns, since when, and how many the topic has; the loop thread's
     * only.
     */
    private final Map<Integer, Instant> ownedSince = new HashMap<>();
    /** Owned partitions whose pending deliveries have been read from the store; the loop thread's only. */
    private final Set<Integer> adopted = new HashSet<>();
    private int partitionCount;
    /**
     * Deliveries this instance's fan-out handed over in memory ({@link #handOver}) whose records have not come back
     * from the delivery topic yet: when one comes, it is already in line (or sent) and is passed over. The loop
     * thread's only. Bounded for safety: a record whose entry was pushed out (a consumer far behind) goes into line
     * again, at worst a second request with the same webhook-id, as at-least-once allows.
     */
    private final Map<String, Integer> handedOver = new LinkedHashMap<>(1_024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
            return size() > HANDED_OVER_AT_MOST;
        }
    };

    DeliveryDispatcher(DeliveryStore deliveries, EventStore events, PartnerDirectory partners, WebhookSender sender,
                       EndpointGuards guards, BreakerStates breakerStates, DeliveryMetrics metrics, JsonMapper json,
                       SyncProperties properties, Clock clock, Notices notices) {
        this.notices = notices;
        this.deliveries = deliveries;
        this.events = events;
        this.partners = partners;
        this.sender = sender;
        this.guards = guards;
        this.metrics = metrics;
        this.json = json;
        this.retryPolicy = new RetryPolicy(properties.delivery().retrySchedule(), properties.delivery().maxRetryAfter(),
                properties.delivery().disableAfterFailingFor());
        this.clock = clock;
        this.maxQueuedPerEndpoint = properties.delivery().maxQueuedPerEndpoint();
        // an open breaker turns half-open on its own after a while: then one trial request may go
        guards.whenHalfOpen(endpointId -> loop.execute(() -> pump(endpointId)));
        guards.whenStateChanges((endpointId, state) -> recordBreaker(breakerStates, endpointId, state.name()));
        recorder.execute(this::recordAccepted);
        metrics.backlogsFrom(this::backlogs);
    }

    /**
     * Partitions of the delivery topic became this instance's (on the consumer thread, before their records are
     * read): their endpoints' pending deliveries are read from the store, once per rebalance, never per record. The
     * consumer thread goes on at once; records it reads meanwhile queue behind the reading.
     */
    void assigned(Collection<Integer> partitions, int partitionsOfTopic) {
        if (partitions.isEmpty()) {
            return;
        }
        loop.execute(() -> {
            partitionCount = partitionsOfTopic;
            Instant now = clock.instant();
            partitions.forEach(partition -> ownedSince.put(partition, now));
            adopt(Set.copyOf(partitions));
        });
    }

    /** Queues the pending deliveries of the endpoints of {@code partitions}, as far as they are still this one's. */
    private void adopt(Set<Integer> partitions) {
        Set<Integer> stillOwned = new HashSet<>(partitions);
        stillOwned.retainAll(ownedSince.keySet());
        if (stillOwned.isEmpty()) {
            return;
        }
        Set<String> endpoints = new HashSet<>();
        int queued = 0;
        try (Stream<Delivery> pending = deliveries.pending()) {
            for (Delivery delivery : (Iterable<Delivery>) pending::iterator) {
                if (!stillOwned.contains(partitionOf(delivery.endpointId()))) {
                    continue;
                }
                // the last owner's requests in flight may still be recorded after this read: checked before sending
                if (queue(delivery.endpointId()).offer(delivery, false)) {
                    queued++;
                }
                endpoints.add(delivery.endpointId());
            }
        } catch (RuntimeException storeUnavailable) {
            log.warn("could not read the pending deliveries of partitions {}, trying again: {}", stillOwned,
                    storeUnavailable.getMessage());
            loop.schedule(() -> adopt(stillOwned), STORE_RETRY.toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        adopted.addAll(stillOwned);
        log.info("delivery partitions {} are this instance's: {} pending deliveries of {} endpoints", stillOwned,
                queued, endpoints.size());
        endpoints.forEach(this::pump);
    }

    /**
     * Partitions are taken away (on the consumer thread, before their offsets are committed): when this returns,
     * nothing more starts for their endpoints. Requests in flight finish and are recorded; the new owner may send
     * one of them again, with the same webhook-id.
     */
    void revoked(Collection<Integer> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        onLoop(() -> {
            partitions.forEach(ownedSince::remove);
            adopted.removeAll(partitions);
            // a new owner reads the store; should the partition come back, its records are applied as they come
            handedOver.values().removeIf(partitions::contains);
            queues.entrySet().removeIf(entry -> {
                boolean revoked = partitions.contains(partitionOf(entry.getKey()));
                if (revoked) {
                    entry.getValue().drop();
                    throttles.remove(entry.getKey());
                }
                return revoked;
            });
            log.info("delivery partitions {} are no longer this instance's", partitions);
        });
    }

    /**
     * Deliveries this instance's fan-out has just stored or found pending, with their events, handed over in memory
     * before their records go on the delivery topic (the fan-out thread goes on at once). Those of endpoints whose
     * partitions this instance owns and has read from the store are put in line now, in the order given, without
     * waiting for the transaction that writes their records to commit and for this instance's consumer to fetch them:
     * on one instance, that is every delivery. The others wait for their records, at their owners. Nothing is lost by
     * it: each delivery is in the store before it is handed over, and its record follows; nothing is sent twice: the
     * record finds it handed over. Since the hand-over is queued on the loop before the record is written, it is always
     * applied before the record.
     *
     * <p>Order per subject holds because a line only ever receives a subject's deliveries in order: from the store
     * (adoption, re-reading), and from the fan-out, which hands over every delivery of a batch, those of events it
     * had received before too; and a partition whose pending deliveries are still to be read (its store read failed
     * and is tried again) takes no hand-over, so that nothing newer goes before what the store holds.
     *
     * @param queuedBefore whether a delivery's event was received before: then it may have been sent already, and its
     *                     stored state is read before it goes
     */
    public void handOver(List<Delivery> deliveries, Predicate<Delivery> queuedBefore,
                         Collection<StoredEvent> eventsOfThem) {
        if (deliveries.isEmpty()) {
            return;
        }
        Set<String> readBefore = new HashSet<>();
        deliveries.stream().filter(queuedBefore).forEach(delivery -> readBefore.add(delivery.id()));
        HandOver handOver = new HandOver(List.copyOf(deliveries), readBefore, List.copyOf(eventsOfThem));
        loop.executeUrgently(() -> putInLineOrLeaveToRecords(handOver));
    }

    /** Deliveries the fan-out handed over, in order, those whose events it had received before, and their events. */
    private record HandOver(List<Delivery> inOrder, Set<String> readBefore, List<StoredEvent> events) {
    }

    /**
     * On the loop, ahead of the tasks queued before it. That keeps every order that matters: a hand-over still comes
     * before its own records, which are written after it, and a subject's deliveries reach a line in order whichever
     * way they come (see {@link #handOver}). One that fails in a way nobody foresaw leaves its deliveries to their
     * records.
     */
    private void putInLineOrLeaveToRecords(HandOver handOver) {
        try {
            putInLine(handOver);
        } catch (RuntimeException unforeseen) {
            log.warn("could not apply a hand-over of {} deliveries; they go in line as their records come",
                    handOver.inOrder().size(), unforeseen);
            handOver.inOrder().forEach(delivery -> handedOver.remove(delivery.id()));
        }
    }

    private void putInLine(HandOver handOver) {
        if (partitionCount == 0) {
            return;
        }
        handOver.events().forEach(event -> recentEvents.put(event.id(), event));
        Set<String> woken = new LinkedHashSet<>();
        for (Delivery delivery : handOver.inOrder()) {
            int partition = partitionOf(delivery.endpointId());
            if (!adopted.contains(partition)) {
                continue;
            }
            EndpointQueue queue = queue(delivery.endpointId());
            if (!queue.takes()) {
                // the line is full: the delivery waits in the store with the rest, and so does its record
                continue;
            }
            handedOver.put(delivery.id(), partition);
            boolean vouchedFor = !handOver.readBefore().contains(delivery.id()) && createdWhileOwned(delivery);
            if (queue.add(delivery, vouchedFor)) {
                woken.add(delivery.endpointId());
            }
        }
        woken.forEach(this::pump);
    }

    /** Records read from the delivery topic, in order; the consumer thread goes on at once. */
    void accept(List<QueueRecord> records) {
        loop.execute(() -> records.forEach(this::applyOrReadAgain));
    }

    /**
     * Applies one record; when that fails in a way nobody foresaw, the endpoint's pending deliveries are read again
     * from the store a little later, as after a change, so that neither this record nor the others of its batch are
     * lost (a task on the loop that throws ends silently, and took the rest of its batch with it).
     */
    private void applyOrReadAgain(QueueRecord record) {
        try {
            apply(record);
        } catch (RuntimeException unforeseen) {
            log.warn("could not queue a record of endpoint {} ({}); its pending deliveries are read again in {}",
                    record.endpointId(), unforeseen.toString(), STORE_RETRY, unforeseen);
            loop.schedule(() -> applyOrReadAgain(QueueRecord.changed(record.endpointId(), "read again after "
                    + unforeseen.getClass().getSimpleName())), STORE_RETRY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void apply(QueueRecord record) {
        String endpointId = record.endpointId();
        if (record.delivery() != null) {
            if (handedOver.remove(record.delivery().id()) != null) {
                return;
            }
            Delivery delivery = record.delivery().asPending();
            boolean vouchedFor = !record.delivery().queuedBefore() && createdWhileOwned(delivery);
            if (queue(endpointId).offer(delivery, vouchedFor)) {
                pump(endpointId);
            }
            return;
        }
        // an operation (perhaps at another instance) changed the endpoint or its pending deliveries in the store
        log.info("endpoint {} changed ({}): its pending deliveries are read again", endpointId,
                record.changed().reason());
        partners.readAgain();
        throttles.remove(endpointId);
        try {
            readFromStore(endpointId, queue(endpointId));
            pump(endpointId);
        } catch (RuntimeException storeUnavailable) {
            log.warn("could not read the pending deliveries of endpoint {}: {}", endpointId,
                    storeUnavailable.getMessage());
            loop.schedule(() -> applyOrReadAgain(record), STORE_RETRY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Whether the delivery was created after its endpoint became this instance's: then no other owner can have sent
     * it, and its record is the first word of it. One created before may have been sent, superseded or rescheduled.
     */
    private boolean createdWhileOwned(Delivery delivery) {
        Instant since = partitionCount == 0 ? null : ownedSince.get(partitionOf(delivery.endpointId()));
        return since != null && delivery.createdAt().isAfter(since.plus(CLOCK_SKEW_ALLOWANCE));
    }

    /** The endpoint's oldest pending deliveries, as many as its line holds, into the line. */
    private void readFromStore(String endpointId, EndpointQueue queue) {
        queue.readFromStore(deliveries.pendingOf(endpointId, queue.readLimit()));
    }

    private EndpointQueue queue(String endpointId) {
        return queues.computeIfAbsent(endpointId, id -> new EndpointQueue(maxQueuedPerEndpoint, this::superseded));
    }

    /** On the loop: older deliveries a newer "latest state only" one takes the place of, recorded before they go. */
    private boolean superseded(List<Delivery> older) {
        try {
            deliveries.supersede(older.stream().map(Delivery::id).toList());
            return true;
        } catch (RuntimeException storeUnavailable) {
            log.warn("could not record {} deliveries as superseded; they are sent in order: {}", older.size(),
                    storeUnavailable.getMessage());
            return false;
        }
    }

    /**
     * Per partner, the pending deliveries of its endpoints this instance owns and when the oldest was created, as the
     * queues know them: no read of the store, whose pending deliveries grow with a partner's outage. Instances own
     * different endpoints, so a partner's backlog is the sum over instances.
     */
    private Map<String, DeliveryMetrics.Backlog> backlogs() {
        Future<Map<String, DeliveryMetrics.Backlog>> counted;
        try {
            counted = loop.submit(this::countBacklogs);
        } catch (RejectedExecutionException stopping) {
            return null;
        }
        try {
            return counted.get(HANDOVER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | TimeoutException failed) {
            log.warn("could not count the backlogs: {}", failed.toString());
            return null;
        }
    }

    private Map<String, DeliveryMetrics.Backlog> countBacklogs() {
        Map<String, DeliveryMetrics.Backlog> byPartner = new HashMap<>();
        for (EndpointQueue queue : queues.values()) {
            DeliveryMetrics.Backlog backlog = queue.backlog();
            if (backlog != null) {
                byPartner.merge(queue.partnerId(), backlog, DeliveryMetrics.Backlog::plus);
            }
        }
        return byPartner;
    }

    /** The partition the producer's default partitioner puts the endpoint's records in. */
    private int partitionOf(String endpointId) {
        return Utils.toPositive(Utils.murmur2(endpointId.getBytes(StandardCharsets.UTF_8))) % partitionCount;
    }

    /**
     * Starts whatever of the endpoint's queue may go now; sets a timer for the earliest head that waits. What it
     * cannot do now for a reason nobody foresaw (the store gone while the endpoints are read again), it tries again a
     * little later, instead of leaving the endpoint unwoken.
     */
    private void pump(String endpointId) {
        try {
            pumpNow(endpointId);
        } catch (RuntimeException unforeseen) {
            log.warn("could not dispatch to endpoint {} ({}); trying again in {}", endpointId, unforeseen.toString(),
                    STORE_RETRY, unforeseen);
            loop.schedule(() -> pump(endpointId), STORE_RETRY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void pumpNow(String endpointId) {
        EndpointQueue queue = queues.get(endpointId);
        if (queue != null && queue.wantsMoreFromStore()) {
            readFromStore(endpointId, queue);
        }
        if (queue == null || queue.size() == 0) {
            return;
        }
        Endpoint endpoint = partners.enabledEndpoint(endpointId).orElse(null);
        if (endpoint == null) {
            // paused or disabled: its deliveries wait; resuming it says so on the topic
            return;
        }
        EndpointGuards.Guard guard = guards.of(endpointId);
        if (!guard.mayCall()) {
            return;
        }
        Instant now = clock.instant();
        Instant earliest = null;
        List<Delivery> chosen = new ArrayList<>();
        for (Delivery head : queue.heads()) {
            if (head.nextAttemptAt().isAfter(now)) {
                earliest = earlier(earliest, head.nextAttemptAt());
                continue;
            }
            if (!guard.tryAcquire()) {
                break;
            }
            if (!throttled(endpoint)) {
                guard.onUnused();
                break;
            }
            queue.started(head);
            chosen.add(head);
        }
        if (!chosen.isEmpty()) {
            earliest = earlier(earliest, prepareAndStart(chosen, endpoint, guard, queue, now));
        }
        if (earliest != null && queue.wakesLaterThan(earliest)) {
            long delay = Math.max(0, Duration.between(clock.instant(), earliest).toMillis());
            queue.wakeAt(earliest, loop.schedule(() -> pump(endpointId), delay, TimeUnit.MILLISECONDS));
        }
    }

    /**
     * Prepares the deliveries chosen to go (slots taken, subjects marked in flight) with two reads by id for all of
     * them: the stored state of those the queue cannot vouch for (the store decides: they may have been delivered,
     * superseded or rescheduled), and the events not read recently, along with those of the deliveries behind them.
     * Then starts each that is still due.
     *
     * @return when to look again for one that turned out not to be due yet, or null
     */
    private Instant prepareAndStart(List<Delivery> chosen, Endpoint endpoint, EndpointGuards.Guard guard,
                                    EndpointQueue queue, Instant now) {
        Map<String, Delivery> stored = new HashMap<>();
        Map<String, StoredEvent> eventsById;
        try {
            List<String> unchecked = chosen.stream().map(Delivery::id).filter(queue::unchecked).toList();
            deliveries.pendingAmong(unchecked).forEach(delivery -> stored.put(delivery.id(), delivery));
            eventsById = eventsOf(chosen, queue);
        } catch (RuntimeException storeUnavailable) {
            log.warn("could not dispatch to endpoint {}: {}", endpoint.id(), storeUnavailable.getMessage());
            chosen.forEach(delivery -> {
                guard.onUnused();
                queue.finished(delivery);
            });
            return now.plus(STORE_RETRY);
        }
        Instant earliest = null;
        boolean someGone = false;
        for (Delivery delivery : chosen) {
            Delivery current = delivery;
            if (queue.unchecked(delivery.id())) {
                current = stored.get(delivery.id());
                if (current == null) {
                    guard.onUnused();
                    queue.finished(delivery);
                    queue.remove(delivery.id());
                    someGone = true;
                    continue;
                }
                queue.update(current);
                queue.checked(current.id());
                if (current.nextAttemptAt().isAfter(now)) {
                    guard.onUnused();
                    queue.finished(current);
                    earliest = earlier(earliest, current.nextAttemptAt());
                    continue;
                }
            }
            start(current, eventsById.get(current.eventId()), endpoint, guard, queue);
        }
        if (someGone) {
            // the next of each of those lines may go now
            loop.execute(() -> pump(endpoint.id()));
        }
        return earliest;
    }

    /**
     * The events of the chosen deliveries: from {@link #recentEvents}, or read, in one read by id, together with the
     * events of the deliveries behind each one that was not there, so that a line that is being worked through costs
     * one read per {@link #EVENTS_READ_AHEAD} deliveries, not one per delivery. The events returned are held here, not
     * looked up again in the bounded map, from which the read may have pushed out the older ones.
     */
    private Map<String, StoredEvent> eventsOf(List<Delivery> chosen, EndpointQueue queue) {
        Map<String, StoredEvent> found = new HashMap<>();
        Set<String> toRead = new HashSet<>();
        for (Delivery delivery : chosen) {
            StoredEvent recent = recentEvents.get(delivery.eventId());
            if (recent != null) {
                found.put(recent.id(), recent);
                continue;
            }
            toRead.add(delivery.eventId());
            for (Delivery behind : queue.behind(delivery, EVENTS_READ_AHEAD)) {
                if (!recentEvents.containsKey(behind.eventId())) {
                    toRead.add(behind.eventId());
                }
            }
        }
        for (StoredEvent event : events.findAll(toRead)) {
            recentEvents.put(event.id(), event);
            found.put(event.id(), event);
        }
        return found;
    }

    /** Writes where the API reads it; the breaker itself is this instance's, so a failed write only costs the view. */
    private void recordBreaker(BreakerStates breakerStates, String endpointId, String state) {
        try {
            breakerStates.record(endpointId, new BreakerStates.BreakerState(state, clock.instant()));
        } catch (RuntimeException storeUnavailable) {
            log.warn("could not record that the breaker of endpoint {} is {}: {}", endpointId, state,
                    storeUnavailable.getMessage());
        }
    }

    /** The earlier of two times, either of which may be null (nothing waits): null only when both are. */
    static Instant earlier(Instant one, Instant other) {
        if (one == null) {
            return other;
        }
        return other == null || one.isBefore(other) ? one : other;
    }

    /**
     * True when the endpoint's throttle (if it has one) lets one more delivery go now; when it does not, the endpoint
     * is woken when the next one may go.
     */
    private boolean throttled(Endpoint endpoint) {
        Integer perSecond = endpoint.maxDeliveriesPerSecond();
        if (perSecond == null) {
            throttles.remove(endpoint.id());
            return true;
        }
        // the service's clock, like every other time the dispatcher decides on: what is due, and now what may go
        long now = TimeUnit.MILLISECONDS.toNanos(clock.millis());
        Throttle throttle = throttles.compute(endpoint.id(), (id, current) ->
                current != null && current.perSecond() == perSecond ? current : new Throttle(perSecond, now));
        if (throttle.tryTake(now)) {
            return true;
        }
        metrics.heldByThrottle(endpoint.partnerId());
        loop.schedule(() -> pump(endpoint.id()), TimeUnit.SECONDS.toNanos(1) / perSecond, TimeUnit.NANOSECONDS);
        return false;
    }

    /**
     * Sends one delivery (its slot taken, its subject marked in flight in {@code queue}) with its event, null when the
     * store does not have it; the outcome comes back to the loop.
     */
    private void start(Delivery delivery, StoredEvent event, Endpoint endpoint, EndpointGuards.Guard guard,
                       EndpointQueue queue) {
        if (event == null) {
            guard.onUnused();
            Delivery after = null;
            try {
                // not the partner's fault: the endpoint's health is left alone
                deliveries.attemptFailed(delivery, null, "event not found", null,
                        failedNotice(delivery, WebhookSender.Outcome.noAnswer("event not found"), clock.instant()));
            } catch (RuntimeException storeUnavailable) {
                log.warn("could not record that the event of delivery {} is missing: {}", delivery.id(),
                        storeUnavailable.getMessage());
                after = withNextAttempt(delivery, delivery.attempts(), clock.instant().plus(STORE_RETRY));
            }
            Delivery stillPending = after;
            loop.execute(() -> completed(queue, delivery, stillPending));
            return;
        }
        AtomicLong started = new AtomicLong(System.nanoTime());
        Instant eventTime = event.time();
        CompletableFuture<WebhookSender.Outcome> sending;
        try {
            sending = CompletableFuture.supplyAsync(() -> {
                started.set(System.nanoTime());
                return sender.send(endpoint, event.toCloudEvent());
            }, requests).thenCompose(Function.identity());
        } catch (RejectedExecutionException stopping) {
            sending = CompletableFuture.failedFuture(stopping);
        }
        // a request refused at once is handled like one that failed, so that its subject is not left in flight
        sending.whenCompleteAsync((outcome, unexpected) -> {
            long nanos = System.nanoTime() - started.get();
            WebhookSender.Outcome result = outcome != null ? outcome
                    : WebhookSender.Outcome.noAnswer(String.valueOf(WebhookSender.unwrapped(unexpected)));
            if (result.succeeded()) {
                guard.onSucceeded(nanos);
                loop.execute(() -> acceptedByPartner(queue, delivery));
                accepted.add(new Accepted(queue, delivery, endpoint, attempt(delivery, result, nanos), eventTime,
                        nanos));
                return;
            }
            Delivery next;
            try {
                guard.onFailed(nanos, result.error());
                next = recordFailure(delivery, endpoint, result, nanos);
            } catch (RuntimeException storeUnavailable) {
                // the delivery stays pending as stored and is attempted again: the partner de-duplicates
                log.warn("could not record the outcome of delivery {}: {}", delivery.id(),
                        storeUnavailable.getMessage());
                next = withNextAttempt(delivery, delivery.attempts(), clock.instant().plus(STORE_RETRY));
            }
            Delivery after = next;
            loop.execute(() -> completed(queue, delivery, after));
        }, outcomes);
    }

    /**
     * Records accepted deliveries as they come, in batches of what arrived meanwhile: under load one round of writes
     * serves many. A subject's next delivery does not wait for it (see {@link EndpointQueue#accepted}).
     */
    private void recordAccepted() {
        List<Accepted> batch = new ArrayList<>();
        while (!Thread.currentThread().isInterrupted()) {
            batch.clear();
            try {
                batch.add(accepted.take());
            } catch (InterruptedException stopping) {
                return;
            }
            accepted.drainTo(batch, RECORDED_AT_ONCE - 1);
            List<Accepted> recorded = List.copyOf(batch);
            try {
                deliveries.deliveredAll(recorded.stream().map(done -> new DeliveryStore.Delivered(done.delivery(),
                        done.attempt().statusCode(), done.attempt())).toList());
                Set<String> healthyAgain = new HashSet<>();
                for (Accepted done : recorded) {
                    metrics.attempted(done.delivery().partnerId(), true, done.nanos());
                    metrics.delivered(done.delivery().partnerId(), done.eventTime(), done.attempt().at());
                    if (done.endpoint().failingSince() != null && healthyAgain.add(done.endpoint().id())) {
                        partners.markHealthy(done.endpoint().id());
                    }
                }
                loop.execute(() -> recorded(recorded));
            } catch (RuntimeException storeUnavailable) {
                // they stay pending as stored and go again: the partner de-duplicates
                log.warn("could not record {} delivered deliveries: {}", recorded.size(),
                        storeUnavailable.getMessage());
                Instant again = clock.instant().plus(STORE_RETRY);
                loop.execute(() -> recorded.forEach(done -> notRecorded(done.queue(),
                        withNextAttempt(done.delivery(), done.delivery().attempts(), again))));
            }
        }
    }

    /**
     * On the loop: accepted deliveries are recorded. An endpoint whose line ran low while they were still pending in the
     * store may have read only them, and nothing else would wake it: its line is filled now.
     */
    private void recorded(List<Accepted> recorded) {
        Map<String, EndpointQueue> fromQueues = new LinkedHashMap<>();
        for (Accepted done : recorded) {
            done.queue().recorded(done.delivery().id());
            fromQueues.put(done.delivery().endpointId(), done.queue());
        }
        fromQueues.forEach((endpointId, queue) -> {
            if (queues.get(endpointId) == queue && queue.wantsMoreFromStore()) {
                pump(endpointId);
            }
        });
    }

    /** A request that got a 2xx, waiting to be recorded. */
    private record Accepted(EndpointQueue queue, Delivery delivery, Endpoint endpoint, DeliveryAttempt attempt,
                            Instant eventTime, long nanos) {
    }

    private DeliveryAttempt attempt(Delivery delivery, WebhookSender.Outcome outcome, long nanos) {
        return new DeliveryAttempt(delivery.id() + ":" + UUID.randomUUID(), delivery.id(), delivery.partnerId(),
                delivery.endpointId(), delivery.attempts() + 1, clock.instant(), outcome.statusCode(),
                nanos / 1_000_000, outcome.error(), outcome.responseExcerpt());
    }

    /**
     * On the loop: the delivery's request, started from {@code queue}, is over; {@code after} is its state now, or null
     * when it left the queue.
     */
    private void completed(EndpointQueue queue, Delivery delivery, Delivery after) {
        afterRequest(queue, delivery.endpointId(), current -> {
            current.finished(delivery);
            if (after == null) {
                current.remove(delivery.id());
            } else {
                current.update(after);
            }
        });
    }

    /** On the loop: the partner accepted the delivery; the next of its subject may go while it is being recorded. */
    private void acceptedByPartner(EndpointQueue queue, Delivery delivery) {
        afterRequest(queue, delivery.endpointId(), current -> current.accepted(delivery));
    }

    /** On the loop: an accepted delivery could not be recorded, so it is still pending and goes again. */
    private void notRecorded(EndpointQueue queue, Delivery pendingAgain) {
        afterRequest(queue, pendingAgain.endpointId(), current -> current.notRecorded(pendingAgain));
    }

    /**
     * On the loop: applies what a request's outcome changes to the queue the request was started from, then wakes the
     * endpoint. When the endpoint went to another instance meanwhile (or went and came back, with a queue read anew
     * from the store), that queue is gone and the current one is only woken.
     */
    private void afterRequest(EndpointQueue queue, String endpointId, Consumer<EndpointQueue> change) {
        if (queues.get(endpointId) == queue) {
            change.accept(queue);
        }
        pump(endpointId);
    }

    /** Stores a failed attempt; the delivery's state afterwards, or null when it failed for good. */
    private Delivery recordFailure(Delivery delivery, Endpoint endpoint, WebhookSender.Outcome outcome, long nanos) {
        DeliveryAttempt attempt = attempt(delivery, outcome, nanos);
        deliveries.logAttempt(attempt);
        metrics.attempted(delivery.partnerId(), false, nanos);
        Instant next = nextAttempt(delivery, endpoint, outcome, attempt.at());
        return next == null ? null : withNextAttempt(delivery, delivery.attempts() + 1, next);
    }

    private static Delivery withNextAttempt(Delivery delivery, int attempts, Instant next) {
        return new Delivery(delivery.id(), delivery.partnerId(), delivery.endpointId(), delivery.eventId(),
                delivery.eventType(), delivery.subject(), delivery.sequence(), delivery.status(), attempts, next,
                delivery.createdAt(), delivery.deliveredAt(), delivery.lastStatusCode(), delivery.lastError(),
                delivery.latestOnly(), delivery.replayId());
    }

    /** Records the failure's consequences; the next attempt's time, or null when the delivery failed for good. */
    private Instant nextAttempt(Delivery delivery, Endpoint endpoint, WebhookSender.Outcome outcome, Instant now) {
        if (outcome.gone()) {
            // 410: the partner retired this endpoint; nothing more goes there until someone resumes it
            disable(endpoint, "GONE", "the endpoint answered 410 Gone", now);
            deliveries.attemptFailed(delivery, outcome.statusCode(), outcome.error(), null,
                    failedNotice(delivery, outcome, now));
            return null;
        }
        Instant next = retryPolicy.nextAttempt(delivery.attempts() + 1, now,
                outcome.asksToWait() ? outcome.retryAfter() : null, ThreadLocalRandom.current().nextDouble());
        deliveries.attemptFailed(delivery, outcome.statusCode(), outcome.error(), next,
                next == null ? failedNotice(delivery, outcome, now) : null);
        if (next == null) {
            log.warn("delivery {} failed for good after {} attempts: {}", delivery.id(), delivery.attempts() + 1,
                    outcome.error());
        } else {
            log.info("delivery {} attempt {} failed ({}); next at {}", delivery.id(), delivery.attempts() + 1,
                    outcome.error(), next);
        }
        if (endpoint.failingSince() == null) {
            partners.markFailing(endpoint.id(), now);
        } else if (retryPolicy.disablesEndpoint(endpoint.failingSince(), now)) {
            disable(endpoint, "FAILING", "the endpoint has accepted nothing since " + endpoint.failingSince(), now);
        }
        return next;
    }

    private void disable(Endpoint endpoint, String reason, String detail, Instant now) {
        OutboxEvent notice = notices.about(SyncEventTypes.ENDPOINT_DISABLED, endpoint.partnerId(), endpoint.id(),
                "endpoints/" + endpoint.id(), now, new EndpointDisabled(endpoint.partnerId(), endpoint.id(),
                        endpoint.url(), reason, detail, endpoint.failingSince(), now));
        notices.expect("endpoints", endpoint.id());
        if (partners.disableEndpoint(endpoint.id(), detail, notice)) {
            log.warn("endpoint {} of partner {} is disabled: {}", endpoint.id(), endpoint.partnerId(), detail);
        }
    }

    /** The notice that the delivery failed for good, for the write that records it: the delivery is marked for it. */
    private OutboxEvent failedNotice(Delivery delivery, WebhookSender.Outcome outcome, Instant now) {
        notices.expect("deliveries", delivery.id());
        return notices.about(SyncEventTypes.DELIVERY_FAILED, delivery.partnerId(), delivery.endpointId(),
                "deliveries/" + delivery.id(), now, new DeliveryFailed(delivery.partnerId(), delivery.endpointId(),
                        delivery.id(), delivery.eventId(), delivery.eventType(), delivery.subject(),
                        delivery.attempts() + 1, outcome.statusCode(), outcome.error(), now));
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Runs on the loop and waits for it: a rebalance must not return before the queues match the assignment. */
    private void onLoop(Runnable change) {
        Future<?> done = loop.submit(change);
        try {
            done.get(HANDOVER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException failed) {
            log.warn("delivery handover did not complete: {}", failed.toString());
        }
    }

    @Override
    public void destroy() {
        loop.shutdownNow();
        requests.shutdownNow();
        outcomes.shutdownNow();
        recorder.shutdownNow();
    }
}
