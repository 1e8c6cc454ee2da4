package jp.renkei.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.springframework.stereotype.Component;

/** Dates and times as the pages show them: Japan's calendar and clock ({@code ${@jst.at(instant)}} in templates). */
@Component("jst")
public class JapanTime {

    public static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("uuuu年M月d日 H:mm");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu年M月d日");

    public String at(Instant instant) {
        return instant == null ? "" : DATE_TIME.format(instant.atZone(JAPAN));
    }

    public String day(LocalDate date) {
        return date == null ? "" : DATE.format(date);
    }

    /** The machine-readable form for {@code <time datetime>}. */
    public String iso(Instant instant) {
        return instant == null ? "" : instant.toString();
    }
}
