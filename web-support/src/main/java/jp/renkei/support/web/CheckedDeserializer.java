package jp.renkei.support.web;

import java.util.function.Supplier;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.std.DelegatingDeserializer;

/**
 * Jackson's own deserializer of a type with a check of ours around it: the check decides whether the delegate reads
 * the value at all, and what becomes of the value it read. A value refused goes to the context's problem handling,
 * so the 400 names the field like any other mistake in a body.
 */
final class CheckedDeserializer extends DelegatingDeserializer {

    @FunctionalInterface
    interface Check {

        /**
         * @param type the type being read
         * @param read reads the value as Jackson's own deserializer does
         * @return the value, or what the context makes of a refused one
         */
        Object deserialize(JsonParser parser, DeserializationContext context, Class<?> type, Supplier<Object> read);
    }

    private final Check check;

    CheckedDeserializer(ValueDeserializer<?> delegate, Check check) {
        super(delegate);
        this.check = check;
    }

    @Override
    protected ValueDeserializer<?> newDelegatingInstance(ValueDeserializer<?> delegate) {
        return new CheckedDeserializer(delegate, check);
    }

    @Override
    public Object deserialize(JsonParser parser, DeserializationContext context) {
        return check.deserialize(parser, context, handledType(),
                () -> CheckedDeserializer.super.deserialize(parser, context));
    }
}
