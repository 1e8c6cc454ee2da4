package jp.renkei.consultation.participation;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.util.List;
import jp.renkei.consultation.cases.ConsultationPeriod;

/**
 * One opinion or hearing record as the participation tallies count it: once for each measure it concerns, in the
 * fiscal year (年度, April to March, Japan time) it belongs to: an opinion's by when it was submitted, a hearing
 * record's by its date.
 *
 * @param documentId the opinion's or the hearing record's id
 */
public record Contribution(Kind kind, String documentId, String planId, List<String> measureIds, int fiscalYear) {

    public enum Kind {
        OPINION, HEARING_RECORD
    }

    public Contribution {
        measureIds = List.copyOf(measureIds);
    }

    public static Contribution opinion(String opinionId, String planId, List<String> measureIds, Instant submittedAt) {
        return new Contribution(Kind.OPINION, opinionId, planId, measureIds,
                fiscalYearOf(LocalDate.ofInstant(submittedAt, ConsultationPeriod.JAPAN)));
    }

    public static Contribution hearingRecord(String recordId, String planId, List<String> measureIds, LocalDate date) {
        return new Contribution(Kind.HEARING_RECORD, recordId, planId, measureIds, fiscalYearOf(date));
    }

    /** The 年度 of a day in Japan: January to March belong to the year that began the April before. */
    public static int fiscalYearOf(LocalDate day) {
        return day.getMonth().compareTo(Month.APRIL) >= 0 ? day.getYear() : day.getYear() - 1;
    }

    /** Names it in a tally: unique across opinions and hearing records. */
    public String key() {
        return kind.name() + ":" + documentId;
    }

    /** The tallies it counts in: one per measure. */
    public List<String> tallyIds() {
        return measureIds.stream().map(measureId -> Tally.id(planId, measureId, fiscalYear)).distinct().toList();
    }
}
