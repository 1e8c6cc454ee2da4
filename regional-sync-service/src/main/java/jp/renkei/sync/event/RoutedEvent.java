package jp.renkei.sync.event;

import java.util.LinkedHashSet;
import java.util.Set;
import jp.renkei.contracts.events.CloudEvent;
import jp.renkei.contracts.events.RoutingAttributes;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The parts of an event that subscriptions select on: its type and the routing attributes its data carries.
 * Nothing else of the payload is read, so new event types route without a change here.
 *
 * @param addressedTo the partners an event is addressed to (collaboration events carry the attribute): they receive
 *                    it whatever their subscriptions say, and no one else does, also when the list is empty; null
 *                    for an event without the attribute, which subscriptions select
 */
public record RoutedEvent(String type, String planId, Integer goalNumber, String areaId, Set<String> measureIds,
                          Set<String> tags, Set<String> addressedTo) {

    public boolean isAddressed() {
        return addressedTo != null;
    }

    public static RoutedEvent of(CloudEvent event, JsonMapper json) {
        JsonNode data;
        try {
            data = json.readTree(event.data());
        } catch (RuntimeException notJson) {
            data = null;
        }
        if (data == null || !data.isObject()) {
            return new RoutedEvent(event.type(), null, null, null, Set.of(), Set.of(), null);
        }
        Set<String> measureIds = new LinkedHashSet<>(strings(data.get(RoutingAttributes.MEASURE_IDS)));
        JsonNode measureId = data.get(RoutingAttributes.MEASURE_ID);
        if (measureId != null && measureId.isString()) {
            measureIds.add(measureId.asString());
        }
        JsonNode goal = data.get(RoutingAttributes.GOAL_NUMBER);
        return new RoutedEvent(event.type(), text(data.get(RoutingAttributes.PLAN_ID)),
                goal != null && goal.canConvertToInt() ? goal.asInt() : null, text(data.get(RoutingAttributes.AREA_ID)),
                Set.copyOf(measureIds), Set.copyOf(strings(data.get(RoutingAttributes.TAGS))),
                data.has(RoutingAttributes.ADDRESSED_TO)
                        ? Set.copyOf(strings(data.get(RoutingAttributes.ADDRESSED_TO))) : null);
    }

    private static String text(JsonNode node) {
        return node != null && node.isString() ? node.asString() : null;
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> values = new LinkedHashSet<>();
        if (array != null && array.isArray()) {
            array.forEach(element -> {
                if (element.isString()) {
                    values.add(element.asString());
                }
            });
        }
        return values;
    }
}
