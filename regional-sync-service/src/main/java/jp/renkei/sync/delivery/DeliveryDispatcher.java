package jp.renkei.sync.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import jp.renkei.contracts.events.SyncEventTypes;
import jp.renkei.contracts.sync.DeliveryFailed;
import jp.renkei.contracts.sync.EndpointDisabled;
import jp.renkei.sync.SyncProperties;
import jp.renkei.sync.event.EventStore;
import jp.renkei.sync.event.StoredEvent;
import jp.renkei.sync.notice.Notice;
import jp.renkei.sync.partner.Endpoint;
import jp.renkei.sync.partner.PartnerDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends due deliveries. State lives in the deliveries collection (status and next attempt time), so a restart
 * picks up exactly where the last process stopped.
 *
 * <p>Per endpoint and subject only the oldest pending delivery may go out, and only one at a time, so a later
 * revision never overtakes an earlier one. Each endpoint has its own bulkhead (a few requests in flight) and
 * circuit breaker; requests are asynchronous, so a partner that is slow or down holds neither a thread nor a slot
 * of anyone else's, and each pass looks at every endpoint separately, so one partner's backlog never hides
 * another's due deliveries.
 */
@Component
public class DeliveryDispatcher implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DeliveryDispatcher.class);
    /**
     * Pending deliveries read per endpoint at once: enough to keep its requests in flight for a while; an endpoint's
     * own backlog beyond it waits for its turn, nobody else's does.
     */
    private static final int LOOKAHEAD = 500;
    /**
     * How long a listing of an endpoint's pending deliveries is used before it is read again, when nothing said it
     * changed: what another instance or a bulk update changed shows within this time.
     */
    private static final Duration LISTING_TTL = Duration.ofSeconds(1);
    private static final Duration MIN_PASS_GAP = Duration.ofMillis(10);

    private final DeliveryStore deliveries;
    private final EventStore events;
    private final PartnerDirectory partners;
    private final WebhookSender sender;
    private final EndpointGuards guards;
    private final DeliveryMetrics metrics;
    private final JsonMapper json;
    private final RetryPolicy retryPolicy;
    private final Duration disableAfterFailingFor;
    private final Clock clock;
    /** Ordering keys (endpoint and subject) with a request in flight. */
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    /**
     * Per endpoint, its pending deliveries as last read, oldest first, less those delivered since: reading them is a
     * scan of the backlog on the embedded store, so a pass reads them again only when they changed (new deliveries,
     * an operation, a failed attempt), ran out, or are {@link #LISTING_TTL} old.
     */
    private final Map<String, Listing> listings = new ConcurrentHashMap<>();
    /** Counts the changes to the backlog that every listing must see ({@link #backlogChanged()}). */
    private final AtomicLong backlogChanges = new AtomicLong();
    /** Per throttled endpoint, its bucket; used by the pass thread only. */
    private final Map<String, Throttle> throttles = new ConcurrentHashMap<>();
    private final AtomicBoolean passScheduled = new AtomicBoolean();
    private final ScheduledExecutorService passThread =
            Executors.newSingleThreadScheduledExecutor(daemon("delivery-dispatcher"));
    private volatile long lastPassNanos;
    /** Records outcomes in the store; bounded, so a burst of answers cannot start unbounded threads. */
    private final ExecutorService outcomes = daemonThreads(4, "delivery-outcome");

    DeliveryDispatcher(DeliveryStore deliveries, EventStore events, PartnerDirectory partners, WebhookSender sender,
                       EndpointGuards guards, DeliveryMetrics metrics, JsonMapper json, SyncProperties properties,
                       Clock clock) {
        this.deliveries = deliveries;
        this.events = events;
        this.partners = partners;
        this.sender = sender;
        this.guards = guards;
        this.metrics = metrics;
        this.json = json;
        this.retryPolicy = new RetryPolicy(properties.delivery().retrySchedule(), properties.delivery().maxRetryAfter());
        this.disableAfterFailingFor = properties.delivery().disableAfterFailingFor();
        this.clock = clock;
    }

    /**
     * Asks for a dispatch pass soon; several requests before it runs make one pass, and passes are at least
     * {@link #MIN_PASS_GAP} apart, so a stream of completions makes a few passes a second, not one each.
     */
    void dispatchSoon() {
        if (passScheduled.compareAndSet(false, true)) {
            long wait = Math.max(0, lastPassNanos + MIN_PASS_GAP.toNanos() - System.nanoTime());
            passThread.schedule(() -> {
                passScheduled.set(false);
                lastPassNanos = System.nanoTime();
                try {
                    dispatchDue();
                } catch (RuntimeException storeUnavailable) {
                    // the next poll tries again; nothing was changed
                    log.warn("dispatch pass failed: {}", storeUnavailable.getMessage());
                }
            }, wait, TimeUnit.NANOSECONDS);
        }
    }

    /** New deliveries were stored, or an operation changed pending ones: every listing is read again, soon. */
    public void backlogChanged() {
        backlogChanges.incrementAndGet();
        dispatchSoon();
    }

    @Scheduled(fixedDelayString = "${renkei.sync.delivery.poll-interval:500ms}")
    void poll() {
        dispatchSoon();
    }

    void dispatchDue() {
        Instant now = clock.instant();
        for (Endpoint endpoint : partners.enabledEndpoints()) {
            EndpointGuards.Guard guard = guards.of(endpoint.id());
            if (!guard.hasRoom() || !guard.mayCall()) {
                continue;
            }
            Set<String> subjectsSeen = new HashSet<>();
            for (Delivery delivery : pendingOf(endpoint.id())) {
                // only the oldest pending delivery of each subject may go, and only once it is due
                if (!subjectsSeen.add(delivery.orderingKey()) || delivery.nextAttemptAt().isAfter(now)
                        || inFlight.contains(delivery.orderingKey())) {
                    continue;
                }
                if (!guard.tryAcquire()) {
                    break;
                }
                if (!throttled(endpoint)) {
                    guard.onUnused();
                    break;
                }
                inFlight.add(delivery.orderingKey());
                start(delivery, endpoint, guard);
            }
        }
    }

    /**
     * True when the endpoint's throttle (if it has one) lets one more delivery go now; when it does not, a pass is
     * asked for when the next one may go.
     */
    private boolean throttled(Endpoint endpoint) {
        Integer perSecond = endpoint.maxDeliveriesPerSecond();
        if (perSecond == null) {
            throttles.remove(endpoint.id());
            return true;
        }
        long now = System.nanoTime();
        Throttle throttle = throttles.compute(endpoint.id(), (id, current) ->
                current != null && current.perSecond() == perSecond ? current : new Throttle(perSecond, now));
        if (throttle.tryTake(now)) {
            return true;
        }
        passThread.schedule(this::dispatchSoon, TimeUnit.SECONDS.toNanos(1) / perSecond, TimeUnit.NANOSECONDS);
        return false;
    }

    private List<Delivery> pendingOf(String endpointId) {
        Listing listing = listings.get(endpointId);
        long changes = backlogChanges.get();
        if (listing == null || listing.changes() != changes || System.nanoTime() - listing.readAtNanos() > LISTING_TTL.toNanos()
                || (listing.pending().isEmpty() && !listing.complete())) {
            List<Delivery> read = deliveries.pendingFor(endpointId, LOOKAHEAD);
            listing = new Listing(new CopyOnWriteArrayList<>(read), read.size() < LOOKAHEAD, changes, System.nanoTime());
            listings.put(endpointId, listing);
        }
        return listing.pending();
    }

    /** The endpoint's listing no longer matches the store: read it again on the next pass. */
    private void relist(String endpointId) {
        listings.remove(endpointId);
    }

    private void delivered(Delivery delivery) {
        Listing listing = listings.get(delivery.endpointId());
        if (listing != null) {
            listing.pending().removeIf(listed -> listed.id().equals(delivery.id()));
        }
    }

    /**
     * @param complete the listing holds every pending delivery of the endpoint there was (fewer than the lookahead)
     * @param changes  {@link #backlogChanges} when it was read
     */
    private record Listing(List<Delivery> pending, boolean complete, long changes, long readAtNanos) {
    }

    private void start(Delivery listed, Endpoint endpoint, EndpointGuards.Guard guard) {
        StoredEvent event = null;
        try {
            // the list may predate the previous attempt of this delivery; only the stored state counts
            Delivery delivery = deliveries.find(listed.id()).orElse(null);
            if (delivery == null || delivery.status() != Delivery.DeliveryStatus.PENDING
                    || delivery.attempts() != listed.attempts()) {
                release(listed, guard);
                return;
            }
            event = events.find(delivery.eventId()).orElse(null);
            if (event == null) {
                // not the partner's fault: the endpoint's health is left alone
                release(listed, guard);
                deliveries.attemptFailed(delivery, null, "event not found", null,
                        failedNotice(delivery, WebhookSender.Outcome.noAnswer("event not found"), clock.instant()));
                return;
            }
        } catch (RuntimeException storeUnavailable) {
            release(listed, guard);
            throw storeUnavailable;
        }
        long started = System.nanoTime();
        Instant eventTime = event.time();
        sender.send(endpoint, event.toCloudEvent()).whenCompleteAsync((outcome, unexpected) -> {
            long nanos = System.nanoTime() - started;
            WebhookSender.Outcome result = outcome != null ? outcome
                    : WebhookSender.Outcome.noAnswer(String.valueOf(unexpected));
            try {
                if (result.succeeded()) {
                    guard.onSucceeded(nanos);
                } else {
                    guard.onFailed(nanos, result.error());
                }
                record(listed, endpoint, result, nanos, eventTime);
            } catch (RuntimeException storeUnavailable) {
                // the delivery stays pending as stored and is attempted again: the partner de-duplicates
                log.warn("could not record the outcome of delivery {}: {}", listed.id(), storeUnavailable.getMessage());
                relist(listed.endpointId());
            } finally {
                inFlight.remove(listed.orderingKey());
                dispatchSoon();
            }
        }, outcomes);
    }

    /** Gives back the slot of a delivery that did not go out: the listing had it in a state it is no longer in. */
    private void release(Delivery delivery, EndpointGuards.Guard guard) {
        guard.onUnused();
        inFlight.remove(delivery.orderingKey());
        relist(delivery.endpointId());
    }

    private void record(Delivery delivery, Endpoint endpoint, WebhookSender.Outcome outcome, long nanos,
                        Instant eventTime) {
        Instant now = clock.instant();
        deliveries.logAttempt(new DeliveryAttempt(delivery.id() + ":" + UUID.randomUUID(), delivery.id(),
                delivery.partnerId(), delivery.endpointId(), delivery.attempts() + 1, now, outcome.statusCode(),
                nanos / 1_000_000, outcome.error(), outcome.responseExcerpt()));
        metrics.attempted(delivery.partnerId(), outcome.succeeded(), nanos);
        if (outcome.succeeded()) {
            deliveries.delivered(delivery, outcome.statusCode(), now);
            delivered(delivery);
            metrics.delivered(delivery.partnerId(), eventTime, now);
            if (endpoint.failingSince() != null) {
                partners.markHealthy(endpoint.id());
            }
            return;
        }
        recordFailure(delivery, endpoint, outcome);
    }

    private void recordFailure(Delivery delivery, Endpoint endpoint, WebhookSender.Outcome outcome) {
        // its attempts and next attempt time change in the store
        relist(delivery.endpointId());
        Instant now = clock.instant();
        if (outcome.gone()) {
            // 410: the partner retired this endpoint; nothing more goes there until someone resumes it
            disable(endpoint, "GONE", "the endpoint answered 410 Gone", now);
            deliveries.attemptFailed(delivery, outcome.statusCode(), outcome.error(), null,
                    failedNotice(delivery, outcome, now));
            return;
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
        } else if (!now.isBefore(endpoint.failingSince().plus(disableAfterFailingFor))) {
            disable(endpoint, "FAILING", "the endpoint has accepted nothing since " + endpoint.failingSince(), now);
        }
    }

    private void disable(Endpoint endpoint, String reason, String detail, Instant now) {
        Notice notice = Notice.of(SyncEventTypes.ENDPOINT_DISABLED, endpoint.partnerId(), endpoint.id(),
                "endpoints/" + endpoint.id(), now, new EndpointDisabled(endpoint.partnerId(), endpoint.id(),
                        endpoint.url(), reason, detail, endpoint.failingSince(), now), json);
        if (partners.disableEndpoint(endpoint.id(), detail, notice)) {
            log.warn("endpoint {} of partner {} is disabled: {}", endpoint.id(), endpoint.partnerId(), detail);
        }
    }

    private Notice failedNotice(Delivery delivery, WebhookSender.Outcome outcome, Instant now) {
        return Notice.of(SyncEventTypes.DELIVERY_FAILED, delivery.partnerId(), delivery.endpointId(),
                "deliveries/" + delivery.id(), now, new DeliveryFailed(delivery.partnerId(), delivery.endpointId(),
                        delivery.id(), delivery.eventId(), delivery.eventType(), delivery.subject(),
                        delivery.attempts() + 1, outcome.statusCode(), outcome.error(), now), json);
    }

    private static ExecutorService daemonThreads(int count, String name) {
        return Executors.newFixedThreadPool(count, daemon(name));
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void destroy() {
        passThread.shutdownNow();
        outcomes.shutdownNow();
    }
}
