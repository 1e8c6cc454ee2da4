package jp.renkei.plan.revision;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * One version of a measure as its event recorded it.
 *
 * @param data the event's data: editor, reason, changed sections and the full snapshot under {@code measure}
 */
public record Revision(long version, String eventId, String eventType, Instant recordedAt, JsonNode data) {

    public JsonNode measure() {
        return data.path("measure");
    }
}
