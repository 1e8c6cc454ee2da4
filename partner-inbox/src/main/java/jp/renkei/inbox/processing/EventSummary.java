package jp.renkei.inbox.processing;

import jp.renkei.contracts.events.PlanEventTypes;
import tools.jackson.databind.JsonNode;

/**
 * A short line saying what an event means to a partner's staff: for progress events (進捗管理) the indicator, the
 * year and the number or grade; for the rest nothing beyond its type and subject. Short by design: the whole body
 * can be large and may carry text nobody wants in a log.
 */
final class EventSummary {

    private static final int MAX_TEXT = 60;

    private EventSummary() {
    }

    /** The summary of a CloudEvent as received, or "" when its type has none. */
    static String of(JsonNode event) {
        JsonNode data = event.path("data");
        String type = event.path("type").asString("");
        return switch (type) {
            case PlanEventTypes.INDICATOR_CREATED, PlanEventTypes.INDICATOR_REVISED, PlanEventTypes.INDICATOR_RETIRED ->
                    indicator(type, data.path("indicator"));
            case PlanEventTypes.ACTUAL_RECORDED -> "実績値 " + data.path("fiscalYearLabel").asString("") + " "
                    + data.path("indicatorId").asString("") + " = " + data.path("value").asString("")
                    + (data.path("actualVersion").asLong(1) > 1 ? " (訂正 v" + data.path("actualVersion").asLong() + ")" : "");
            case PlanEventTypes.EVALUATION_PUBLISHED -> "施策評価 " + data.path("fiscalYearLabel").asString("") + " "
                    + data.path("measureId").asString("") + " 評価 " + data.path("grade").asString("")
                    + (data.path("achievementRate").isNumber()
                    ? " 達成率 " + data.path("achievementRate").asString() + "%" : "");
            default -> "";
        };
    }

    private static String indicator(String type, JsonNode indicator) {
        String change = type.equals(PlanEventTypes.INDICATOR_CREATED) ? "設定"
                : type.equals(PlanEventTypes.INDICATOR_REVISED) ? "改定" : "廃止";
        return "成果指標" + change + " " + indicator.path("indicatorId").asString("") + " "
                + shortened(indicator.path("name").asString("")) + " (" + indicator.path("unit").asString("") + ")";
    }

    private static String shortened(String text) {
        return text.codePointCount(0, text.length()) <= MAX_TEXT ? text
                : text.substring(0, text.offsetByCodePoints(0, MAX_TEXT)) + "…";
    }
}
