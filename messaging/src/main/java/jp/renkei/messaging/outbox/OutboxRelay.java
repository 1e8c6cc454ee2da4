package jp.renkei.messaging.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import jp.renkei.messaging.outbox.RelayDecisions.Work;
import jp.renkei.messaging.publish.EventPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Moves pending events from the outbox to Kafka: right after a write (low latency), publishing the event the writer
 * hands over in memory, and, as a sweeper, whatever is left in the store by a crash between write and publish. An
 * event leaves the outbox only after the broker acknowledged it, so a crash at any point leads to a re-publish, never
 * to a loss; consumers de-duplicate on the event id.
 *
 * <p>Each aggregate travels in one lane (by the hash of its key) and each lane is one thread that publishes under a
 * lease on the lane ({@link LaneLeases}), so one aggregate's events go out in sequence order, even with several
 * instances: only the lease holder publishes the lane. A lane takes everything queued at once as a batch: it sends
 * the batch's events without waiting for each, then waits for all acknowledgements, tells the listeners (the revision
 * history) of them together, and removes them from the outbox in one command. A lane remembers the last sequence it
 * published per aggregate; when an event handed over does not follow it (another instance wrote in between, or this
 * one just started), it reads the aggregate's pending events from the store instead.
 *
 * <p>Every instance must run the same number of lanes ({@code renkei.messaging.outbox.lanes}): the lane name says
 * how many there are, so instances that disagree would lease different lanes for one aggregate.
 */
public class OutboxRelay implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    /** How long a batch waits for the broker's acknowledgements before its events are left for the next try. */
    private static final Duration ACK_LIMIT = Duration.ofSeconds(30);
    private static final int MAX_BATCH = 500;
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(3);
    /** Aggregates whose last published sequence a lane remembers; beyond that it reads the store again. */
    private static final int REMEMBERED_AGGREGATES = 10_000;

    private final Outbox outbox;
    private final LaneLeases leases;
    private final EventPublisher publisher;
    private final List<PublishedEventListener> listeners;
    private final Duration lease;
    private final String owner = "relay-" + UUID.randomUUID();
    private final List<Lane> lanes;

    public OutboxRelay(Outbox outbox, LaneLeases leases, EventPublisher publisher,
                       List<PublishedEventListener> listeners, OutboxProperties properties) {
        this.outbox = outbox;
        this.leases = leases;
        this.publisher = publisher;
        this.listeners = listeners;
        this.lease = properties.lease();
        int count = properties.lanes();
        this.lanes = IntStream.range(0, count)
                .mapToObj(lane -> new Lane(properties.name() + "/lane-" + lane + "-of-" + count)).toList();
        lanes.forEach(Lane::start);
    }

    /** Publishes an event just written, as handed over by the writer; returns at once. */
    public void relay(String aggregateKey, OutboxEvent event) {
        laneOf(aggregateKey).queue.add(new Work(aggregateKey, event));
    }

    /** Asks for the aggregate's pending events, as the store holds them, to be published soon; returns at once. */
    public void relaySoon(String aggregateKey) {
        laneOf(aggregateKey).queue.add(new Work(aggregateKey, null));
    }

    /** Publishes what was left pending by the previous process, or written before the application was ready. */
    @EventListener(ApplicationReadyEvent.class)
    public void sweepOnStart() {
        sweep();
    }

    @Scheduled(fixedDelayString = "${renkei.messaging.outbox.sweep-interval:5s}",
            initialDelayString = "${renkei.messaging.outbox.sweep-interval:5s}")
    public void sweep() {
        try {
            outbox.aggregatesWithPendingEvents().forEach(this::relaySoon);
        } catch (RuntimeException e) {
            log.warn("outbox sweep failed, will retry: {}", e.toString());
        }
    }

    private Lane laneOf(String aggregateKey) {
        return lanes.get(Math.floorMod(aggregateKey.hashCode(), lanes.size()));
    }

    /**
     * Stops the lanes after the batch each is publishing, and gives up their leases, waiting a moment for that: at
     * shutdown the store may already be gone, and an unreleased lease only expires ({@code lease}) instead.
     */
    @Override
    public void destroy() throws InterruptedException {
        lanes.forEach(Lane::stop);
        long until = System.nanoTime() + SHUTDOWN_WAIT.toNanos();
        for (Lane lane : lanes) {
            lane.thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime())));
        }
    }

    private final class Lane implements Runnable {

        private final String name;
        private final BlockingQueue<Work> queue = new LinkedBlockingQueue<>();
        private final Map<String, Long> lastPublished = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > REMEMBERED_AGGREGATES;
            }
        };
        private final Thread thread;
        private volatile boolean running = true;
        private long leasedUntilNanos;

        Lane(String name) {
            this.name = name;
            this.thread = new Thread(this, "outbox-" + name.substring(name.indexOf('/') + 1));
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        void stop() {
            running = false;
            thread.interrupt();
        }

        @Override
        public void run() {
            while (running) {
                List<Work> batch = new ArrayList<>();
                try {
                    Work first = queue.poll(1, TimeUnit.SECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    queue.drainTo(batch, MAX_BATCH - 1);
                    if (holdsLease()) {
                        publish(batch);
                    }
                } catch (InterruptedException stopping) {
                    break;
                } catch (RuntimeException e) {
                    // the events stay in the outbox; the next sweep tries again, in order, from the store
                    lastPublished.clear();
                    log.warn("relay of lane {} stopped, will retry on the next sweep: {}", name, e.toString());
                }
            }
            // with the interrupt cleared, so the store call is not cut short: the next instance need not wait out
            // the lease
            Thread.interrupted();
            release();
        }

        /** Takes or renews the lane's lease when less than half of it is left. */
        private boolean holdsLease() {
            long now = System.nanoTime();
            if (RelayDecisions.leaseNeedsNoRenewal(now, leasedUntilNanos, lease)) {
                return true;
            }
            if (leases.hold(name, owner, lease)) {
                leasedUntilNanos = now + lease.toNanos();
                return true;
            }
            // another instance publishes this lane; what was handed over here waits in the store for it
            leasedUntilNanos = 0;
            lastPublished.clear();
            return false;
        }

        private void release() {
            try {
                leases.release(name, owner);
            } catch (RuntimeException e) {
                log.debug("could not release lane {}: {}", name, e.toString());
            }
        }

        private void publish(List<Work> batch) throws InterruptedException {
            Map<String, List<OutboxEvent>> toPublish = new LinkedHashMap<>();
            RelayDecisions.byAggregate(batch).forEach((aggregate, events) -> toPublish.put(aggregate,
                    RelayDecisions.toPublish(lastPublished.get(aggregate), events, () -> outbox.pending(aggregate))));
            Map<String, List<CompletableFuture<Void>>> sent = new LinkedHashMap<>();
            toPublish.forEach((aggregate, events) -> sent.put(aggregate,
                    events.stream().map(this::send).toList()));
            List<OutboxEvent> all = new ArrayList<>();
            Map<String, List<String>> ids = new LinkedHashMap<>();
            for (var aggregate : toPublish.entrySet()) {
                List<OutboxEvent> acknowledged = acknowledgedPrefix(aggregate.getValue(), sent.get(aggregate.getKey()));
                if (!acknowledged.isEmpty()) {
                    all.addAll(acknowledged);
                    ids.put(aggregate.getKey(), acknowledged.stream().map(OutboxEvent::eventId).toList());
                }
            }
            if (all.isEmpty()) {
                return;
            }
            listeners.forEach(listener -> listener.published(all));
            outbox.markPublished(ids);
            for (var aggregate : ids.keySet()) {
                List<OutboxEvent> events = toPublish.get(aggregate);
                Long last = events.get(ids.get(aggregate).size() - 1).sequence();
                if (last == null) {
                    lastPublished.remove(aggregate);
                } else {
                    lastPublished.put(aggregate, last);
                }
            }
            log.debug("lane {} published {} events", name, all.size());
        }

        /** An event that is no valid CloudEvent (a required attribute missing) fails alone, as a refused one does. */
        private CompletableFuture<Void> send(OutboxEvent event) {
            try {
                return publisher.publish(event.toCloudEvent());
            } catch (RuntimeException unpublishable) {
                return CompletableFuture.failedFuture(unpublishable);
            }
        }

        /** The events of one aggregate the broker acknowledged, up to the first that it did not. */
        private List<OutboxEvent> acknowledgedPrefix(List<OutboxEvent> events, List<CompletableFuture<Void>> sent)
                throws InterruptedException {
            List<OutboxEvent> acknowledged = new ArrayList<>();
            for (int i = 0; i < events.size(); i++) {
                try {
                    sent.get(i).get(ACK_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
                    acknowledged.add(events.get(i));
                } catch (ExecutionException | TimeoutException e) {
                    log.warn("event {} of {} was not acknowledged, it stays in the outbox: {}",
                            events.get(i).eventId(), events.get(i).partitionKey(), e.toString());
                    break;
                }
            }
            return acknowledged;
        }
    }
}
