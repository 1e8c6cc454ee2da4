package jp.renkei.contracts.plan;

import java.time.Instant;
import java.util.List;

/**
 * Data of {@code jp.renkei.plan.indicator.created.v1}, {@code .revised.v1} and {@code .retired.v1}: an indicator
 * after the change, with the routing attributes of its measure.
 *
 * @param version the version of the measure's progress this change led to (the event's sequence)
 */
public record IndicatorChanged(String municipalityId, String planId, int goalNumber, String areaId, String measureId,
                               List<String> tags, long version, String editor, String reason, Instant changedAt,
                               IndicatorSnapshot indicator) {
}
