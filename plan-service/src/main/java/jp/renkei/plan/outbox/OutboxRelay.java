package jp.renkei.plan.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Moves pending events from the outbox to Kafka: right after a write (low latency) and, as a sweeper, for
 * anything left behind by a crash between write and publish. An event leaves the outbox only after the broker
 * acknowledged it, so a crash at any point leads to a re-publish, never to a loss; consumers de-duplicate on the
 * event id.
 *
 * <p>Each aggregate's events go out in sequence order: an aggregate is always relayed by the same lane (one thread)
 * of an instance, and under a claim in the store, so that two instances never relay the same aggregate at once.
 * Different aggregates are relayed in parallel lanes.
 */
@Component
public class OutboxRelay implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final Duration CLAIM_RETRY = Duration.ofMillis(250);

    private final Outbox outbox;
    private final EventPublisher publisher;
    private final List<PublishedEventListener> listeners;
    private final Duration lease;
    private final String owner = "relay-" + UUID.randomUUID();
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private final List<ScheduledExecutorService> lanes;

    public OutboxRelay(Outbox outbox, EventPublisher publisher, List<PublishedEventListener> listeners,
                       OutboxProperties properties) {
        this.outbox = outbox;
        this.publisher = publisher;
        this.listeners = listeners;
        this.lease = properties.lease();
        this.lanes = IntStream.range(0, properties.lanes())
                .mapToObj(lane -> Executors.newSingleThreadScheduledExecutor(runnable -> {
                    Thread thread = new Thread(runnable, "outbox-relay-" + lane);
                    thread.setDaemon(true);
                    return thread;
                }))
                .toList();
    }

    /**
     * Asks for the aggregate's pending events to be published soon; returns at once. Requests for an aggregate
     * that is already waiting its turn make no second task: the one queued publishes everything pending when it runs.
     */
    public void relaySoon(String aggregateKey) {
        if (queued.add(aggregateKey)) {
            laneOf(aggregateKey).execute(() -> {
                queued.remove(aggregateKey);
                relay(aggregateKey);
            });
        }
    }

    /** Publishes what was left pending by the previous process, or written before the application was ready. */
    @EventListener(ApplicationReadyEvent.class)
    public void sweepOnStart() {
        sweep();
    }

    @Scheduled(fixedDelayString = "${renkei.plan.outbox.sweep-interval:5s}", initialDelayString = "${renkei.plan.outbox.sweep-interval:5s}")
    public void sweep() {
        try {
            outbox.aggregatesWithPendingEvents().forEach(this::relaySoon);
        } catch (RuntimeException e) {
            log.warn("outbox sweep failed, will retry: {}", e.toString());
        }
    }

    /**
     * Publishes the aggregate's pending events under a claim, until none is left. A relay that finds the claim
     * taken tries again shortly, so an event written while another relay held the claim does not wait for the
     * next sweep.
     */
    private void relay(String aggregateKey) {
        try {
            List<OutboxEvent> pending = outbox.pending(aggregateKey);
            while (!pending.isEmpty()) {
                if (!outbox.claim(aggregateKey, owner, lease)) {
                    laneOf(aggregateKey).schedule(() -> relaySoon(aggregateKey), CLAIM_RETRY.toMillis(),
                            TimeUnit.MILLISECONDS);
                    return;
                }
                try {
                    // read under the claim: another instance may have published some in the meantime
                    publishInOrder(aggregateKey, outbox.pending(aggregateKey));
                } finally {
                    outbox.release(aggregateKey, owner);
                }
                pending = outbox.pending(aggregateKey);
            }
        } catch (RuntimeException e) {
            // the event stays in the outbox; the next sweep tries again, in order
            log.warn("relay of {} stopped, will retry on the next sweep: {}", aggregateKey, e.toString());
        }
    }

    private void publishInOrder(String aggregateKey, List<OutboxEvent> events) {
        List<String> published = new ArrayList<>();
        long claimedUntil = System.nanoTime() + lease.toNanos() / 2;
        try {
            for (OutboxEvent event : events) {
                if (System.nanoTime() > claimedUntil) {
                    // a long backlog: renew the claim before it could lapse under us
                    if (!outbox.claim(aggregateKey, owner, lease)) {
                        return;
                    }
                    claimedUntil = System.nanoTime() + lease.toNanos() / 2;
                }
                publisher.publish(event);
                listeners.forEach(listener -> listener.published(event));
                published.add(event.eventId());
                log.debug("published {} {} seq {}", event.type(), event.eventId(), event.sequence());
            }
        } finally {
            // what was acknowledged leaves the outbox, even when a later event failed
            outbox.markPublished(aggregateKey, published);
        }
    }

    private ScheduledExecutorService laneOf(String aggregateKey) {
        return lanes.get(Math.floorMod(aggregateKey.hashCode(), lanes.size()));
    }

    @Override
    public void destroy() throws InterruptedException {
        for (ScheduledExecutorService lane : lanes) {
            lane.shutdown();
        }
        for (ScheduledExecutorService lane : lanes) {
            lane.awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}
