package jp.renkei.support.web;

import java.text.ParseException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import jp.renkei.support.json.CheckedDeserializer;
import org.springframework.format.Formatter;
import org.springframework.format.datetime.standard.InstantFormatter;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.module.SimpleModule;

/**
 * Dates and times a request may carry: years 1 to 9999. {@code java.time} reads years up to ±999,999,999, which
 * overflow a BSON date or {@code java.util.Date} wherever the value goes next — a 500 far from the request that
 * caused it. Checked where a value enters: query parameters (formatters) and JSON bodies (a Jackson module), so the
 * answer is a 400 naming the field.
 */
public final class TemporalBounds {

    static final int FIRST_YEAR = 1;
    static final int LAST_YEAR = 9999;
    private static final String OUT_OF_RANGE = "the date must lie in the years " + FIRST_YEAR + " to " + LAST_YEAR;
    private static final Set<Class<?>> CHECKED = Set.of(Instant.class, LocalDate.class, LocalDateTime.class,
            OffsetDateTime.class, ZonedDateTime.class);

    private TemporalBounds() {
    }

    static boolean withinRange(Object value) {
        if (value instanceof Instant instant) {
            value = instant.atOffset(ZoneOffset.UTC);
        }
        if (value instanceof TemporalAccessor temporal && temporal.isSupported(ChronoField.YEAR)) {
            int year = temporal.get(ChronoField.YEAR);
            return year >= FIRST_YEAR && year <= LAST_YEAR;
        }
        return true;
    }

    /** Jackson: every {@code java.time} value a body carries is checked after it is read. */
    public static SimpleModule jacksonModule() {
        return CheckedDeserializer.module("renkei-temporal-bounds",
                type -> CHECKED.contains(type) ? TemporalBounds::checkRange : null);
    }

    /** Query parameters and path variables: parsed as Spring parses them, then checked. */
    static Formatter<Instant> instantFormatter() {
        InstantFormatter iso = new InstantFormatter();
        return bounded(iso::parse, iso::print);
    }

    static <T extends TemporalAccessor> Formatter<T> isoFormatter(DateTimeFormatter format,
                                                                  java.time.temporal.TemporalQuery<T> query) {
        return bounded((text, locale) -> {
            try {
                return format.parse(text, query);
            } catch (DateTimeParseException notIso) {
                throw new ParseException(notIso.getMessage(), notIso.getErrorIndex());
            }
        }, (value, locale) -> format.format(value));
    }

    private static <T> Formatter<T> bounded(Parse<T> parse, java.util.function.BiFunction<T, Locale, String> print) {
        return new Formatter<>() {
            @Override
            public T parse(String text, Locale locale) throws ParseException {
                T value = parse.parse(text, locale);
                if (!withinRange(value)) {
                    throw new IllegalArgumentException(OUT_OF_RANGE);
                }
                return value;
            }

            @Override
            public String print(T value, Locale locale) {
                return print.apply(value, locale);
            }
        };
    }

    @FunctionalInterface
    private interface Parse<T> {
        T parse(String text, Locale locale) throws ParseException;
    }

    private static Object checkRange(JsonParser parser, DeserializationContext context, Class<?> type,
                                     Supplier<Object> read) {
        Object value = read.get();
        return withinRange(value) ? value : context.handleWeirdStringValue(type, parser.getString(), OUT_OF_RANGE);
    }
}
