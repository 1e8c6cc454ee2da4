package jp.renkei.plan.web;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import jp.renkei.plan.progress.Actual;
import jp.renkei.plan.progress.EvaluationGrades;
import jp.renkei.plan.progress.Evaluation;
import jp.renkei.plan.progress.FiscalYear;
import jp.renkei.plan.progress.Indicator;
import jp.renkei.plan.progress.IndicatorDefinition;
import jp.renkei.plan.progress.Progress;
import jp.renkei.plan.progress.Tally;

/** How progress reads in the API; fiscal years come with their 令和 label. */
final class ProgressViews {

    private ProgressViews() {
    }

    /** One measure's progress: its indicators with their current actuals, and its evaluations as the caller may see them. */
    record ProgressView(String planId, String measureId, long version, List<IndicatorView> indicators,
                        List<EvaluationView> evaluations) {

        static ProgressView of(Progress progress, boolean staff, EvaluationGrades grades) {
            List<FiscalYear> years = progress.evaluations().stream().map(Evaluation::fiscalYear).distinct().sorted(
                    java.util.Comparator.comparingInt(FiscalYear::year)).toList();
            return new ProgressView(progress.measure().planId(), progress.measure().measureId(), progress.version(),
                    progress.indicators().stream().map(i -> IndicatorView.of(i, progress)).toList(),
                    years.stream().map(year -> (staff ? progress.evaluation(year) : progress.publishedEvaluation(year))
                            .map(e -> EvaluationView.of(e, progress, grades))).flatMap(java.util.Optional::stream)
                            .toList());
        }
    }

    record IndicatorView(String indicatorId, long version, String name, String unit, String direction,
                         BigDecimal baselineValue, int baselineFiscalYear, String baselineFiscalYearLabel,
                         BigDecimal targetValue, int targetFiscalYear, String targetFiscalYearLabel, String source,
                         String note, String feed, String status, Instant changedAt, String changedBy,
                         String reason, List<ActualView> actuals) {

        static IndicatorView of(Indicator indicator, Progress progress) {
            IndicatorDefinition d = indicator.definition();
            return new IndicatorView(indicator.indicatorId(), indicator.version(), d.name(), d.unit(),
                    d.direction().name(), d.baselineValue(), d.baselineYear().year(), d.baselineYear().label(),
                    d.targetValue(), d.targetYear().year(), d.targetYear().label(), d.source(), d.note(),
                    d.feed() == null ? null : d.feed().name(), indicator.retired() ? "RETIRED" : "ACTIVE", indicator.changedAt(), indicator.changedBy(),
                    indicator.reason(), progress.currentActuals().stream()
                    .filter(a -> a.indicatorId().equals(indicator.indicatorId()))
                    .sorted(java.util.Comparator.comparingInt(a -> a.fiscalYear().year()))
                    .map(a -> ActualView.of(a, indicator)).toList());
        }
    }

    /** One indicator with every version of it. */
    record IndicatorHistoryView(IndicatorView current, List<IndicatorView> history) {
    }

    record ActualView(String indicatorId, int fiscalYear, String fiscalYearLabel, long version, BigDecimal value,
                      LocalDate asOf, String source, String note, Instant recordedAt, String recordedBy,
                      String reason, BigDecimal achievementRate) {

        static ActualView of(Actual actual, Indicator indicator) {
            return new ActualView(actual.indicatorId(), actual.fiscalYear().year(), actual.fiscalYear().label(),
                    actual.version(), actual.value(), actual.asOf(), actual.source(), actual.note(),
                    actual.recordedAt(), actual.recordedBy(), actual.reason(), indicator.achievement(actual.value()));
        }
    }

    /** An actual with every version of it, oldest first: a correction keeps what it corrected. */
    record ActualHistoryView(ActualView current, List<ActualView> history) {
    }

    record EvaluationView(int fiscalYear, String fiscalYearLabel, long version, String grade, String gradeDefinition,
                          BigDecimal achievementRate, String comment, String nextAction, String evaluator,
                          String status, Instant changedAt, String changedBy) {

        static EvaluationView of(Evaluation evaluation, Progress progress, EvaluationGrades grades) {
            return new EvaluationView(evaluation.fiscalYear().year(), evaluation.fiscalYear().label(),
                    evaluation.version(), evaluation.grade(),
                    grades.find(evaluation.grade()).map(EvaluationGrades.Grade::definition).orElse(null),
                    progress.achievement(evaluation.fiscalYear()), evaluation.comment(), evaluation.nextAction(),
                    evaluation.evaluator(), evaluation.status().name(), evaluation.changedAt(),
                    evaluation.changedBy());
        }
    }

    /** A plan's progress in one fiscal year: every measure with its indicators' actuals of that year. */
    record PlanProgressView(String planId, int fiscalYear, String fiscalYearLabel, List<MeasureProgressView> measures) {
    }

    record MeasureProgressView(String measureId, int goalNumber, String areaId, List<IndicatorYearView> indicators,
                               BigDecimal achievementRate, EvaluationView evaluation) {
    }

    record IndicatorYearView(IndicatorView indicator, ActualView actual) {
    }

    /** Per goal (目標) and per area (分野): measures per grade, average achievement, indicators without an actual. */
    record RollUpView(String planId, int fiscalYear, String fiscalYearLabel, List<String> grades,
                      List<GoalRollUp> goals) {
    }

    record GoalRollUp(int goalNumber, String title, Tally tally, List<AreaRollUp> areas) {
    }

    record AreaRollUp(String areaId, String title, Tally tally) {
    }

}
