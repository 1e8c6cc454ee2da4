package jp.renkei.consultation.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Moves pending events from the outboxes (consultations, participation tallies) to {@code renkei.consultation.events}:
 * right after a write
 * and, as a sweeper, for anything a crash left behind. The binding is synchronous (consultation-service.yml), so an
 * event leaves the outbox only after the broker acknowledged it; a crash leads to a re-publish, never a loss, and
 * consumers de-duplicate on the event id. A claim in the document keeps two instances from relaying one
 * aggregate at once, so its events go out in sequence order. Consultations change a few times in their life and a
 * tally keeps only its latest count pending, so one relay thread per instance is enough.
 */
@Component
public class OutboxRelay implements DisposableBean {

    static final String BINDING = "consultationEvents-out-0";
    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final Duration LEASE = Duration.ofSeconds(30);

    private final List<Outbox> outboxes;
    private final StreamBridge streamBridge;
    private final String owner = "relay-" + UUID.randomUUID();
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private final ExecutorService lane = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "consultation-outbox-relay");
        thread.setDaemon(true);
        return thread;
    });

    public OutboxRelay(List<Outbox> outboxes, StreamBridge streamBridge) {
        this.outboxes = outboxes;
        this.streamBridge = streamBridge;
    }

    /** Asks for the aggregate's pending events to be published soon; returns at once. */
    public void relaySoon(String aggregateId) {
        if (queued.add(aggregateId)) {
            lane.execute(() -> {
                queued.remove(aggregateId);
                relay(aggregateId);
            });
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    public void sweepOnStart() {
        sweep();
    }

    @Scheduled(fixedDelayString = "${renkei.consultation.outbox.sweep-interval:5s}",
            initialDelayString = "${renkei.consultation.outbox.sweep-interval:5s}")
    public void sweep() {
        try {
            outboxes.forEach(outbox -> outbox.aggregatesWithPendingEvents().forEach(this::relaySoon));
        } catch (RuntimeException e) {
            log.warn("outbox sweep failed, will retry: {}", e.toString());
        }
    }

    private void relay(String aggregateId) {
        Outbox outbox = outboxes.stream().filter(candidate -> candidate.holds(aggregateId)).findFirst().orElseThrow();
        try {
            if (outbox.pending(aggregateId).isEmpty()) {
                return;
            }
            if (!outbox.claim(aggregateId, owner, LEASE)) {
                return; // another instance relays it; the sweep looks again
            }
            List<String> published = new ArrayList<>();
            try {
                for (OutboxEvent event : outbox.pending(aggregateId)) {
                    publish(event);
                    published.add(event.eventId());
                }
            } finally {
                outbox.markPublished(aggregateId, published);
                outbox.release(aggregateId, owner);
            }
        } catch (RuntimeException e) {
            log.warn("relay of {} stopped, will retry on the next sweep: {}", aggregateId, e.toString());
        }
    }

    private void publish(OutboxEvent event) {
        var cloudEvent = event.toCloudEvent();
        Message<byte[]> message = MessageBuilder.withPayload(cloudEvent.data())
                .copyHeaders(cloudEvent.kafkaHeaders())
                .setHeader(KafkaHeaders.KEY, event.partitionKey().getBytes(StandardCharsets.UTF_8))
                .build();
        if (!streamBridge.send(BINDING, message)) {
            throw new IllegalStateException("the binder refused event " + event.eventId());
        }
        log.debug("published {} {} seq {}", event.type(), event.eventId(), event.sequence());
    }

    @Override
    public void destroy() throws InterruptedException {
        lane.shutdown();
        lane.awaitTermination(10, TimeUnit.SECONDS);
    }
}
