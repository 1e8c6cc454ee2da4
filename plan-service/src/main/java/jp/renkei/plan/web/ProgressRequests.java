package jp.renkei.plan.web;

import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.LocalDate;
import jp.renkei.plan.progress.Direction;
import jp.renkei.plan.progress.FiscalYear;
import jp.renkei.plan.progress.IndicatorDefinition;
import jp.renkei.plan.progress.IndicatorFeed;
import jp.renkei.support.web.SingleLine;

/** What staff send to manage a measure's progress (進捗管理). Fiscal years are numbers, 2025 for 令和7年度. */
final class ProgressRequests {

    /** Numbers of a plan's indicators: up to 15 digits before the point and 6 after. */
    private static final int INTEGER_DIGITS = 15;
    private static final int FRACTION_DIGITS = 6;

    private ProgressRequests() {
    }

    /**
     * An indicator (成果指標) as defined or revised; {@code indicatorId} is needed to define one and, where given on
     * a revision, must match. {@code feed} marks it as recorded automatically (CONSULTATION_PARTICIPATION); absent,
     * staff record its actuals.
     */
    record IndicatorRequest(
            @Pattern(regexp = Ids.PATTERN) String indicatorId,
            @NotBlank @Size(max = 200) @SingleLine String name,
            @NotBlank @Size(max = 32) @SingleLine String unit,
            @NotNull Direction direction,
            @NotNull @Digits(integer = INTEGER_DIGITS, fraction = FRACTION_DIGITS) BigDecimal baselineValue,
            @NotNull Integer baselineFiscalYear,
            @NotNull @Digits(integer = INTEGER_DIGITS, fraction = FRACTION_DIGITS) BigDecimal targetValue,
            @NotNull Integer targetFiscalYear,
            @Size(max = 500) String source,
            @Size(max = 2000) String note,
            @Size(max = 2000) String reason,
            IndicatorFeed feed) {

        IndicatorDefinition toDefinition() {
            return new IndicatorDefinition(name, unit, direction, baselineValue,
                    FiscalYear.of(baselineFiscalYear, "baselineFiscalYear"), targetValue,
                    FiscalYear.of(targetFiscalYear, "targetFiscalYear"), source, note, feed);
        }
    }

    /** An actual (実績値) for the fiscal year in the path; a correction sends If-Match with the version read. */
    record ActualRequest(
            @NotNull @Digits(integer = INTEGER_DIGITS, fraction = FRACTION_DIGITS) BigDecimal value,
            @NotNull LocalDate asOf,
            @Size(max = 500) String source,
            @Size(max = 2000) String note,
            @Size(max = 2000) String reason) {
    }

    /** An evaluation (施策評価) for the fiscal year in the path, saved as a draft. */
    record EvaluationRequest(
            @NotBlank @Size(max = 8) @SingleLine String grade,
            @Size(max = 5000) String comment,
            @Size(max = 5000) String nextAction,
            @Size(max = 200) @SingleLine String evaluator) {
    }

    record ReasonRequest(@Size(max = 2000) String reason) {
    }
}
