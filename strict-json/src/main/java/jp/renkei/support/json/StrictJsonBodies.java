package jp.renkei.support.json;

import java.time.temporal.Temporal;
import java.util.function.Supplier;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

/**
 * How a request body is read: as the JSON it claims to be, and nothing the client did not mean. Jackson is lenient by
 * default, and every leniency let a hostile body through with 2xx: a number or {@code true} where text belongs became
 * that text ({@code "title": 1e400} stored as "1e400"), text where a number belongs became the number, an enum's
 * ordinal its constant, a number a date ({@code "date": 1} stored as 1970-01-02), a key given twice kept the last value, and whatever followed the first JSON value was ignored.
 * Here each of those is a 400 naming the field, as is text that no one can type: a NUL or another control character
 * but tab and line breaks, half of a surrogate pair (it cannot be stored as UTF-8, so it would not come back byte for
 * byte), or the non-characters U+FFFE and U+FFFF.
 *
 * <p>Only request bodies are read this way: events between services are read by the services' own mapper, so that a
 * message written before a rule existed is never left unreadable on a topic.
 */
public final class StrictJsonBodies {

    static final String NOT_TEXT = "the text holds a character that is not text (a control character, half of a "
            + "surrogate pair or a non-character)";

    private StrictJsonBodies() {
    }

    /** {@code base}, with its modules and settings, reading strictly. */
    public static JsonMapper of(JsonMapper base) {
        return base.rebuild()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(EnumFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                // a date is its ISO text: not a number of days or seconds since 1970, not 30 February rolled over
                .defaultLeniency(false)
                .withCoercionConfig(LogicalType.DateTime, time -> time
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Textual, text -> text
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Integer, number -> number
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Float, number -> number
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Boolean, truth -> truth
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Enum, constant -> constant
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail))
                .addModule(textOnly())
                .build();
    }

    /** Whether every character of {@code value} is one a person can mean. */
    static boolean isText(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == '\uFFFE' || c == '\uFFFF') {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static SimpleModule textOnly() {
        return CheckedDeserializer.module("renkei-text-only", type -> type == String.class
                ? StrictJsonBodies::checkText
                : Temporal.class.isAssignableFrom(type) ? StrictJsonBodies::checkIsoText : null);
    }

    private static Object checkText(JsonParser parser, DeserializationContext context, Class<?> type,
                                    Supplier<Object> read) {
        Object value = read.get();
        return value instanceof String text && !isText(text)
                ? context.handleWeirdStringValue(String.class, text, NOT_TEXT) : value;
    }

    /** A date or time as its ISO text only: Jackson reads a number as seconds or days since 1970. */
    private static Object checkIsoText(JsonParser parser, DeserializationContext context, Class<?> type,
                                       Supplier<Object> read) {
        return parser.hasToken(JsonToken.VALUE_STRING) ? read.get() : context.handleUnexpectedToken(type, parser);
    }
}
