package jp.renkei.messaging.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** The relay's decisions, as pure functions: what a batch publishes, when a lease is renewed. */
final class RelayDecisions {

    private RelayDecisions() {
    }

    /** An event handed over by its writer, or (event null) a request to publish what the store holds. */
    record Work(String aggregateKey, OutboxEvent event) {
    }

    /**
     * The batch per aggregate, in the order the aggregates came: the events handed over in sequence order, or null
     * where the store must be read (someone asked for that aggregate without handing an event over).
     */
    static Map<String, List<OutboxEvent>> byAggregate(List<Work> batch) {
        Map<String, List<OutboxEvent>> handedOver = new LinkedHashMap<>();
        Set<String> fromStore = new HashSet<>();
        for (Work work : batch) {
            handedOver.computeIfAbsent(work.aggregateKey(), key -> new ArrayList<>());
            if (work.event() == null) {
                fromStore.add(work.aggregateKey());
            } else {
                handedOver.get(work.aggregateKey()).add(work.event());
            }
        }
        Map<String, List<OutboxEvent>> ordered = new LinkedHashMap<>();
        handedOver.forEach((aggregate, events) -> ordered.put(aggregate, fromStore.contains(aggregate) ? null
                : events.stream().sorted(OutboxEvent.IN_ORDER).toList()));
        return ordered;
    }

    /**
     * The events to publish for one aggregate: those handed over when they continue without a gap from
     * {@code lastPublished} (the last sequence this lane published of it, null when it does not know), otherwise the
     * pending ones in the store; never one at or below {@code lastPublished}. Events without a sequence are never
     * left out.
     */
    static List<OutboxEvent> toPublish(Long lastPublished, List<OutboxEvent> handedOver,
                                       Supplier<List<OutboxEvent>> stored) {
        List<OutboxEvent> events = handedOver != null && lastPublished != null && follows(lastPublished, handedOver)
                ? handedOver : stored.get();
        return lastPublished == null ? events : events.stream()
                .filter(event -> event.sequence() == null || event.sequence() > lastPublished).toList();
    }

    /** Whether the events are exactly the sequences right after {@code last}, in order. */
    static boolean follows(long last, List<OutboxEvent> events) {
        long expected = last + 1;
        for (OutboxEvent event : events) {
            if (event.sequence() == null || event.sequence() != expected) {
                return false;
            }
            expected++;
        }
        return true;
    }

    /**
     * Whether a lease taken until {@code leasedUntilNanos} may be used at {@code nowNanos} without renewing it: while
     * more than half of it is left, so that it is renewed well before another instance may take it.
     */
    static boolean leaseNeedsNoRenewal(long nowNanos, long leasedUntilNanos, Duration lease) {
        return nowNanos < leasedUntilNanos - lease.toNanos() / 2;
    }
}
