package jp.renkei.contracts.plan;

import java.math.BigDecimal;

/**
 * An indicator (成果指標) of a measure at one of its versions, as events carry it.
 *
 * @param direction HIGHER_IS_BETTER or LOWER_IS_BETTER
 * @param status    ACTIVE or RETIRED
 * @param feed      where its actuals come from when not from staff: CONSULTATION_PARTICIPATION (consultation-service
 *                  counts the opinions and hearing records of the measure per fiscal year); null when staff record them
 */
public record IndicatorSnapshot(String indicatorId, long version, String name, String unit, String direction,
                                BigDecimal baselineValue, int baselineFiscalYear, BigDecimal targetValue,
                                int targetFiscalYear, String source, String note, String status,
                                String feed) {
}
