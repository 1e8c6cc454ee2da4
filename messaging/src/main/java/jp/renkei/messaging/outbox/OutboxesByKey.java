package jp.renkei.messaging.outbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One outbox over several collections, for a relay that publishes the aggregates of all of them: each aggregate key
 * belongs to the first part whose {@code holds} accepts it.
 */
public final class OutboxesByKey implements Outbox {

    /** @param holds which aggregate keys are documents of {@code outbox} */
    public record Part(Predicate<String> holds, Outbox outbox) {
    }

    private final List<Part> parts;

    public OutboxesByKey(List<Part> parts) {
        this.parts = List.copyOf(parts);
    }

    @Override
    public List<OutboxEvent> pending(String aggregateKey) {
        return partOf(aggregateKey).outbox().pending(aggregateKey);
    }

    @Override
    public void markPublished(Map<String, List<String>> eventIdsByAggregate) {
        Map<Part, Map<String, List<String>>> byPart = new LinkedHashMap<>();
        eventIdsByAggregate.forEach((key, ids) -> byPart.computeIfAbsent(partOf(key), part -> new LinkedHashMap<>())
                .put(key, ids));
        byPart.forEach((part, ids) -> part.outbox().markPublished(ids));
    }

    @Override
    public List<String> aggregatesWithPendingEvents() {
        List<String> keys = new ArrayList<>();
        parts.forEach(part -> keys.addAll(part.outbox().aggregatesWithPendingEvents()));
        return keys;
    }

    private Part partOf(String aggregateKey) {
        return parts.stream().filter(part -> part.holds().test(aggregateKey)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no outbox holds " + aggregateKey));
    }
}
