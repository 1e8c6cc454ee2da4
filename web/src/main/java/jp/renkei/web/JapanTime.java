package jp.renkei.web;

import java.time.Duration;
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

    /** How long something has waited, as an operator reads it: 3日4時間, 2時間5分, 40秒. */
    public String age(Duration age) {
        if (age == null) {
            return "";
        }
        long seconds = Math.max(0, age.toSeconds());
        if (seconds >= 86_400) {
            return seconds / 86_400 + "日" + seconds % 86_400 / 3600 + "時間";
        }
        if (seconds >= 3600) {
            return seconds / 3600 + "時間" + seconds % 3600 / 60 + "分";
        }
        return seconds >= 60 ? seconds / 60 + "分" + seconds % 60 + "秒" : seconds + "秒";
    }

    /** The machine-readable form for {@code <time datetime>}. */
    public String iso(Instant instant) {
        return instant == null ? "" : instant.toString();
    }
}
