package jp.renkei.contracts.plan;

import java.time.Instant;
import java.util.List;

/**
 * Data of {@code jp.renkei.plan.measure.revised.v1}: the full snapshot after the change, what changed, and who
 * changed it. The top-level {@code planId}, {@code goalNumber}, {@code areaId}, {@code measureId} and {@code tags}
 * are the routing attributes that subscriptions select on (see {@link jp.renkei.contracts.events.RoutingAttributes}).
 *
 * @param changedSections names of the snapshot fields that differ from the previous version
 * @param editedBy        the municipality that made the change: the owner, or a co-owner of a joint plan
 * @param reason          改訂理由, optional
 */
public record MeasureRevised(String municipalityId, String planId, int goalNumber, String areaId, String measureId,
                             List<String> tags, long version, long previousVersion, List<String> changedSections,
                             String editor, MunicipalityRef editedBy, String reason,
                             Instant revisedAt, MeasureSnapshot measure) {
}
