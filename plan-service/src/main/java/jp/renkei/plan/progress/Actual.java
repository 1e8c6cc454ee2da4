package jp.renkei.plan.progress;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/** One version of an indicator's actual (実績値) for a fiscal year; a correction is the next version. */
public record Actual(String indicatorId, FiscalYear fiscalYear, long version, BigDecimal value, LocalDate asOf,
                     String source, String note, Instant recordedAt, String recordedBy, String reason) {
}
