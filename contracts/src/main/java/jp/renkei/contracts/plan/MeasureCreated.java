package jp.renkei.contracts.plan;

import java.time.Instant;
import java.util.List;

/** Data of {@code jp.renkei.plan.measure.created.v1}: the measure as created, with its routing attributes. */
public record MeasureCreated(String municipalityId, String planId, int goalNumber, String areaId, String measureId,
                             List<String> tags, long version, String editor, String reason, Instant createdAt,
                             MeasureSnapshot measure) {
}
