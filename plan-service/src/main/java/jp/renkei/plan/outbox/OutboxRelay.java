package jp.renkei.plan.outbox;

import java.util.concurrent.ExecutorService;
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
 * anything left behind by a crash between write and publish. An event is removed from the outbox only after the
 * broker acknowledged it, so a crash at any point leads to a re-publish, never to a loss; consumers de-duplicate
 * on the event id.
 *
 * <p>One relay thread per instance keeps each aggregate's events in sequence order. Several instances relaying
 * the same aggregate need a claim per aggregate; the plan-service issue adds it.
 */
@Component
public class OutboxRelay implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final Outbox outbox;
    private final EventPublisher publisher;
    private final ExecutorService relayThread = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "outbox-relay");
        thread.setDaemon(true);
        return thread;
    });

    public OutboxRelay(Outbox outbox, EventPublisher publisher) {
        this.outbox = outbox;
        this.publisher = publisher;
    }

    /** Asks for the aggregate's pending events to be published soon; returns at once. */
    public void relaySoon(String aggregateKey) {
        relayThread.execute(() -> relay(aggregateKey));
    }

    /** Publishes what was left pending by the previous process, or written before the application was ready. */
    @EventListener(ApplicationReadyEvent.class)
    public void sweepOnStart() {
        sweep();
    }

    @Scheduled(fixedDelayString = "${renkei.plan.outbox.sweep-interval:5s}", initialDelayString = "${renkei.plan.outbox.sweep-interval:5s}")
    public void sweep() {
        relayThread.execute(() -> outbox.aggregatesWithPendingEvents().forEach(this::relay));
    }

    private void relay(String aggregateKey) {
        try {
            for (OutboxEvent event : outbox.pending(aggregateKey)) {
                publisher.publish(event);
                outbox.markPublished(aggregateKey, event.eventId());
                log.debug("published {} {} seq {}", event.type(), event.eventId(), event.sequence());
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
