package jp.renkei.plan.web;

import java.math.BigDecimal;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;

/**
 * Fields that take their JSON type literally: Jackson would otherwise turn {@code "unit": 5} into "5" and
 * {@code "value": "12"} into 12, and a number sent as text (or text as a number) is a client's mistake worth a 400
 * naming the field.
 */
final class StrictJson {

    private StrictJson() {
    }

    /** A JSON string and nothing else. */
    static final class Text extends ValueDeserializer<String> {
        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) {
            if (!parser.hasToken(JsonToken.VALUE_STRING)) {
                return (String) context.handleUnexpectedToken(String.class, parser);
            }
            return parser.getString();
        }
    }

    /** A JSON number and nothing else, kept exactly as written (no binary floating point on the way). */
    static final class Decimal extends ValueDeserializer<BigDecimal> {
        @Override
        public BigDecimal deserialize(JsonParser parser, DeserializationContext context) {
            if (!parser.hasToken(JsonToken.VALUE_NUMBER_INT) && !parser.hasToken(JsonToken.VALUE_NUMBER_FLOAT)) {
                return (BigDecimal) context.handleUnexpectedToken(BigDecimal.class, parser);
            }
            return parser.getDecimalValue();
        }
    }
}
