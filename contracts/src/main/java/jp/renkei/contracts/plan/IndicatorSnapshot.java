package jp.renkei.contracts.plan;

import java.math.BigDecimal;

/**
 * An indicator (成果指標) of a measure at one of its versions, as events carry it.
 *
 * @param direction HIGHER_IS_BETTER or LOWER_IS_BETTER
 * @param status    ACTIVE or RETIRED
 */
public record IndicatorSnapshot(String indicatorId, long version, String name, String unit, String direction,
                                BigDecimal baselineValue, int baselineFiscalYear, BigDecimal targetValue,
                                int targetFiscalYear, String source, String note, String status) {
}
