package jp.renkei.plan.progress;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * An indicator (成果指標) of a measure at one version: what is counted, in which unit, which way is better, where
 * it started (基準値) and where it should be by the target year (目標値).
 */
public record Indicator(String indicatorId, long version, IndicatorDefinition definition, boolean retired,
                        Instant changedAt, String changedBy, String reason) {

    /** The indicator's rate for an actual value (see {@link AchievementRate}). */
    public BigDecimal achievement(BigDecimal actual) {
        return AchievementRate.of(definition.direction(), definition.baselineValue(), definition.targetValue(), actual);
    }
}
