package jp.renkei.plan.progress;

import java.math.BigDecimal;

/**
 * What an editor defines of an indicator; checked as a whole when made.
 *
 * @param feed where its actuals are recorded from automatically; null when staff record them
 */
public record IndicatorDefinition(String name, String unit, Direction direction, BigDecimal baselineValue,
                                  FiscalYear baselineYear, BigDecimal targetValue, FiscalYear targetYear,
                                  String source, String note, IndicatorFeed feed) {

    public IndicatorDefinition {
        if (targetYear.year() < baselineYear.year()) {
            throw new InvalidProgressException("targetFiscalYear", "the target year (" + targetYear.year()
                    + ") lies before the baseline year (" + baselineYear.year() + ")");
        }
        if (!direction.atLeastAsGood(targetValue, baselineValue)) {
            throw new InvalidProgressException("targetValue", "with " + direction + " the target (" + targetValue
                    + ") must not be worse than the baseline (" + baselineValue + ")");
        }
    }
}
