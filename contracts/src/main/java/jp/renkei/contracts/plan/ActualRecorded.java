package jp.renkei.contracts.plan;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Data of {@code jp.renkei.plan.actual.recorded.v1}: an actual (実績値) of an indicator for a fiscal year (年度),
 * first recorded ({@code actualVersion} 1) or corrected (a higher version; the earlier ones stay in the history).
 *
 * @param fiscalYear      the 年度 by the year it starts in (April), e.g. 2025 for 令和7年度
 * @param fiscalYearLabel the 年度 as shown, e.g. 令和7年度
 * @param version         the version of the measure's progress this change led to (the event's sequence)
 */
public record ActualRecorded(String municipalityId, String planId, int goalNumber, String areaId, String measureId,
                             List<String> tags, long version, String indicatorId, int fiscalYear,
                             String fiscalYearLabel, long actualVersion, BigDecimal value, LocalDate asOf,
                             String source, String note, String recordedBy, String reason, Instant recordedAt) {
}
