package jp.renkei.plan.outbox;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
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
 * <p>Each aggregate's events go out in sequence order: one relay thread per instance, and a claim per aggregate
 * so that two instances never relay the same aggregate at once.
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
    private final ScheduledExecutorService relayThread = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "outbox-relay");
        thread.setDaemon(true);
        return thread;
    });

    public OutboxRelay(Outbox outbox, EventPublisher publisher, List<PublishedEventListener> listeners,
                       OutboxProperties properties) {
        this.outbox = outbox;
        this.publisher = publisher;
        this.listeners = listeners;
        this.lease = properties.lease();
    }

    /**
     * Asks for the aggregate's pending events to be published soon; returns at once. Requests for an aggregate
     * that is already waiting its turn make no second task: the one queued publishes everything pending when it runs.
     */
    public void relaySoon(String aggregateKey) {
        if (queued.add(aggregateKey)) {
            relayThread.execute(() -> {
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
        relayThread.execute(() -> {
            try {
                outbox.aggregatesWithPendingEvents().forEach(this::relay);
            } catch (RuntimeException e) {
                log.warn("outbox sweep failed, will retry: {}", e.toString());
            }
        });
    }

    /**
     * Publishes the aggregate's pending events under a claim, until none is left. A relay that finds the claim
     * taken tries again shortly, so an event written while another relay held the claim does not wait for the
     * next sweep.
     */
    private void relay(String aggregateKey) {
        try {
            while (!outbox.pending(aggregateKey).isEmpty()) {
                if (!outbox.claim(aggregateKey, owner, lease)) {
                    // another relay holds the aggregate; look again shortly rather than at the next sweep
                    relayThread.schedule(() -> relay(aggregateKey), CLAIM_RETRY.toMillis(), TimeUnit.MILLISECONDS);
                    return;
                }
                try {
                    // read under the claim: another instance may have published some in the meantime
                    for (OutboxEvent event : outbox.pending(aggregateKey)) {
                        if (!outbox.claim(aggregateKey, owner, lease)) {
                            return;
                        }
                        publisher.publish(event);
                        listeners.forEach(listener -> listener.published(event));
                        outbox.markPublished(aggregateKey, event.eventId());
                        log.debug("published {} {} seq {}", event.type(), event.eventId(), event.sequence());
                    }
                } finally {
                    outbox.release(aggregateKey, owner);
                }
            }
        } catch (RuntimeException e) {
            // the event stays in the outbox; the next sweep tries again, in order
            log.warn("relay of {} stopped, will retry on the next sweep: {}", aggregateKey, e.toString());
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        relayThread.shutdown();
        relayThread.awaitTermination(10, TimeUnit.SECONDS);
    }
}
