package jp.renkei.consultation.cases;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import jp.renkei.consultation.refusal.InvalidFieldException;

/**
 * The comment period and its legal minimum. 行政手続法 Art. 39(3), which the city's guideline follows: the period is
 * at least 30 days counted from the day of publication (that day included); Art. 40(1): shorter only with a reason
 * that is published with the consultation. Days are Japan's calendar days: the period opens at 0:00 JST on the
 * publication date and ends at 24:00 JST on the deadline.
 */
public final class ConsultationPeriod {

    public static final int MINIMUM_DAYS = 30;
    public static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");

    private ConsultationPeriod() {
    }

    /** Days from the publication date to the deadline, both included. */
    public static long days(LocalDate publicationDate, LocalDate deadline) {
        return ChronoUnit.DAYS.between(publicationDate, deadline) + 1;
    }

    /** Refuses a period that ends before it starts, or is below 30 days without a shortening reason. */
    public static void check(LocalDate publicationDate, LocalDate deadline, String shortenedPeriodReason) {
        if (deadline.isBefore(publicationDate)) {
            throw new InvalidFieldException("deadline", "the deadline is before the publication date");
        }
        long days = days(publicationDate, deadline);
        if (days < MINIMUM_DAYS && (shortenedPeriodReason == null || shortenedPeriodReason.isBlank())) {
            throw new InvalidFieldException("deadline", "the period is " + days + " days; at least " + MINIMUM_DAYS
                    + " days from the publication date are required unless shortenedPeriodReason gives the reason");
        }
    }

    public static Instant opensAt(LocalDate publicationDate) {
        return publicationDate.atStartOfDay(JAPAN).toInstant();
    }

    public static Instant closesAt(LocalDate deadline) {
        return deadline.plusDays(1).atStartOfDay(JAPAN).toInstant();
    }
}
