package jp.renkei.plan.progress;

import java.time.LocalDate;
import java.time.Month;

/**
 * A Japanese fiscal year (年度): April to March, named by the calendar year of its April, shown in the era of its
 * April as the city writes it (2019 is 令和元年度: Reiwa began in May 2019, and the city calls the whole year so).
 */
public record FiscalYear(int year) {

    /** A sane range for a comprehensive plan's numbers; outside it a year is a typing error. */
    public static final int MIN = 2000;
    public static final int MAX = 2100;
    private static final int REIWA_FIRST = 2019;
    private static final int HEISEI_FIRST = 1989;

    public FiscalYear {
        if (year < MIN || year > MAX) {
            throw new InvalidProgressException("fiscalYear",
                    "a fiscal year (年度) lies between " + MIN + " and " + MAX + ", got " + year);
        }
    }

    /** The fiscal year of {@code year}, the error naming {@code field} when it is out of range. */
    public static FiscalYear of(int year, String field) {
        try {
            return new FiscalYear(year);
        } catch (InvalidProgressException e) {
            throw new InvalidProgressException(field, e.getMessage());
        }
    }

    /** The fiscal year a day falls in: January to March belong to the year that began the April before. */
    public static FiscalYear containing(LocalDate day) {
        return new FiscalYear(day.getMonth().compareTo(Month.APRIL) >= 0 ? day.getYear() : day.getYear() - 1);
    }

    /** 令和7年度, 令和元年度, 平成30年度. */
    public String label() {
        if (year >= REIWA_FIRST) {
            return "令和" + eraYear(year - REIWA_FIRST + 1) + "年度";
        }
        return "平成" + eraYear(year - HEISEI_FIRST + 1) + "年度";
    }

    private static String eraYear(int n) {
        return n == 1 ? "元" : Integer.toString(n);
    }
}
