package jp.renkei.contracts.plan;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * Data of {@code jp.renkei.plan.evaluation.published.v1}: a measure's evaluation (施策評価) for a fiscal year, as
 * published.
 *
 * @param achievementRate the computed achievement in percent beside the evaluator's grade; null without actuals
 * @param version         the version of the measure's progress this change led to (the event's sequence)
 */
public record EvaluationPublished(String municipalityId, String planId, int goalNumber, String areaId,
                                  String measureId, List<String> tags, long version, int fiscalYear,
                                  String fiscalYearLabel, long evaluationVersion, String grade,
                                  String gradeDefinition, BigDecimal achievementRate, String comment,
                                  String nextAction, String evaluator, String publishedBy, Instant publishedAt) {
}
