package jp.renkei.sync.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import jp.renkei.sync.SyncProperties;
import jp.renkei.sync.event.EventStore;
import jp.renkei.sync.partner.Endpoint;
import jp.renkei.sync.partner.PartnerDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Sends due deliveries. State lives in the deliveries collection (status and next attempt time), so a restart
 * picks up exactly where the last process stopped.
 *
 * <p>Per endpoint and subject only the oldest pending delivery may go out, so a later revision never overtakes an
 * earlier one. Each endpoint is worked by at most one task at a time, on a shared pool, so a slow partner holds
 * one thread and delays no one else.
 */
@Component
public class DeliveryDispatcher implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DeliveryDispatcher.class);
    private static final int BATCH = 1000;

    private final DeliveryStore deliveries;
    private final EventStore events;
    private final PartnerDirectory partners;
    private final WebhookSender sender;
    private final List<Duration> retrySchedule;
    private final Clock clock;
    private final ExecutorService pool;
    private final Set<String> busyEndpoints = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean passScheduled = new AtomicBoolean();
    private final ExecutorService passThread = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "delivery-dispatcher");
        thread.setDaemon(true);
        return thread;
    });

    DeliveryDispatcher(DeliveryStore deliveries, EventStore events, PartnerDirectory partners, WebhookSender sender,
                       SyncProperties properties, Clock clock) {
        this.deliveries = deliveries;
        this.events = events;
        this.partners = partners;
        this.sender = sender;
        this.retrySchedule = properties.delivery().retrySchedule();
        this.clock = clock;
        this.pool = Executors.newFixedThreadPool(properties.delivery().maxConcurrentEndpoints(), runnable -> {
            Thread thread = new Thread(runnable, "webhook-sender");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Asks for a dispatch pass soon; several requests before it runs make one pass. */
    public void dispatchSoon() {
        if (passScheduled.compareAndSet(false, true)) {
            passThread.execute(() -> {
                passScheduled.set(false);
                dispatchDue();
            });
        }
    }

    @Scheduled(fixedDelayString = "${renkei.sync.delivery.poll-interval:500ms}")
    void poll() {
        dispatchSoon();
    }

    void dispatchDue() {
        Instant now = clock.instant();
        Set<String> blocked = new HashSet<>();
        for (Delivery delivery : deliveries.pending(BATCH)) {
            // only the oldest pending delivery of each endpoint and subject is eligible
            if (!blocked.add(delivery.orderingKey())) {
                continue;
            }
            if (delivery.nextAttemptAt().isAfter(now) || busyEndpoints.contains(delivery.endpointId())) {
                continue;
            }
            busyEndpoints.add(delivery.endpointId());
            pool.execute(() -> {
                try {
                    attempt(delivery);
                } finally {
                    busyEndpoints.remove(delivery.endpointId());
                    dispatchSoon();
                }
            });
        }
    }

    private void attempt(Delivery listed) {
        // the list may predate the previous attempt of this endpoint; only the stored state counts
        Delivery delivery = deliveries.find(listed.id()).orElse(null);
        if (delivery == null || delivery.status() != Delivery.DeliveryStatus.PENDING
                || delivery.attempts() != listed.attempts()) {
            return;
        }
        Endpoint endpoint = partners.endpoint(delivery.endpointId()).orElse(null);
        var event = events.find(delivery.eventId()).orElse(null);
        if (endpoint == null || event == null) {
            deliveries.attemptFailed(delivery, null, endpoint == null ? "endpoint no longer exists" : "event not found", null);
            return;
        }
        if (!endpoint.enabled()) {
            return;
        }
        WebhookSender.Outcome outcome = sender.send(endpoint, event.toCloudEvent());
        Instant now = clock.instant();
        if (outcome.succeeded()) {
            deliveries.delivered(delivery, outcome.statusCode(), now);
            return;
        }
        if (outcome.gone()) {
            // 410: the partner retired this endpoint; nothing more goes there until an operator re-enables it
            partners.disableEndpoint(endpoint.id(), "the endpoint answered 410 Gone");
            deliveries.attemptFailed(delivery, outcome.statusCode(), outcome.error(), null);
            log.warn("endpoint {} of partner {} answered 410 Gone and is disabled", endpoint.id(), endpoint.partnerId());
            return;
        }
        Instant next = nextAttempt(delivery.attempts() + 1, now);
        if (next != null && outcome.asksToWait() && now.plus(outcome.retryAfter()).isAfter(next)) {
            next = now.plus(outcome.retryAfter());
        }
        deliveries.attemptFailed(delivery, outcome.statusCode(), outcome.error(), next);
        if (next == null) {
            log.warn("delivery {} failed for good after {} attempts: {}", delivery.id(), delivery.attempts() + 1,
                    outcome.error());
        } else {
            log.info("delivery {} attempt {} failed ({}); next at {}", delivery.id(), delivery.attempts() + 1,
                    outcome.error(), next);
        }
    }

    /** When to try again after {@code attemptsMade} attempts, with up to 10 % jitter; null when the schedule is used up. */
    private Instant nextAttempt(int attemptsMade, Instant now) {
        if (attemptsMade >= retrySchedule.size()) {
            return null;
        }
        Duration delay = retrySchedule.get(attemptsMade);
        long jitterMillis = delay.toMillis() / 10;
        return now.plus(delay).plusMillis(jitterMillis == 0 ? 0 : ThreadLocalRandom.current().nextLong(jitterMillis));
    }

    @Override
    public void destroy() {
        passThread.shutdownNow();
        pool.shutdownNow();
    }
}
