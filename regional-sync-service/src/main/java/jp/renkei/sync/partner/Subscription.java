package jp.renkei.sync.partner;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import jp.renkei.sync.event.RoutedEvent;

/**
 * What a partner wants to receive and how. Every selector left empty matches anything; a non-empty one must be
 * met, and within one selector any listed value will do.
 *
 * @param eventTypes exact event types, or prefixes ending in {@code *} like {@code jp.renkei.plan.measure.*}
 * @param endpointId for {@link DeliveryMode#WEBHOOK}: the endpoint to use; null means each of the partner's endpoints
 * @param latestOnly for {@link DeliveryMode#WEBHOOK}: a backlog is coalesced to the newest event per subject (a
 *                   partner that mirrors current state needs no history)
 */
public record Subscription(String id, String partnerId, String description, List<String> eventTypes,
                           List<String> plans, List<Integer> goals, List<String> areas, List<String> measures,
                           List<String> tags, DeliveryMode delivery, String endpointId, boolean latestOnly) {

    public Subscription {
        eventTypes = orEmpty(eventTypes);
        plans = orEmpty(plans);
        goals = orEmpty(goals);
        areas = orEmpty(areas);
        measures = orEmpty(measures);
        tags = orEmpty(tags);
    }

    public boolean matches(RoutedEvent event) {
        return matchesType(event.type())
                && anyOf(plans, event.planId() == null ? Set.of() : Set.of(event.planId()))
                && anyOf(goals, event.goalNumber() == null ? Set.of() : Set.of(event.goalNumber()))
                && anyOf(areas, event.areaId() == null ? Set.of() : Set.of(event.areaId()))
                && anyOf(measures, event.measureIds())
                && anyOf(tags, event.tags());
    }

    private boolean matchesType(String type) {
        if (eventTypes.isEmpty()) {
            return true;
        }
        return eventTypes.stream().anyMatch(pattern -> pattern.endsWith("*")
                ? type.startsWith(pattern.substring(0, pattern.length() - 1))
                : type.equals(pattern));
    }

    private static <T> boolean anyOf(List<T> wanted, Collection<T> present) {
        return wanted.isEmpty() || wanted.stream().anyMatch(present::contains);
    }

    private static <T> List<T> orEmpty(List<T> values) {
        return values == null ? List.of() : List.copyOf(values);
    }

    public enum DeliveryMode {
        WEBHOOK, FEED
    }
}
