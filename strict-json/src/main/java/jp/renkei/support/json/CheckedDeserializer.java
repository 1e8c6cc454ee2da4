package jp.renkei.support.json;

import java.util.function.Function;
import java.util.function.Supplier;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.deser.std.DelegatingDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * Jackson's own deserializer of a type with a check of ours around it: the check decides whether the delegate reads
 * the value at all, and what becomes of the value it read. A value refused goes to the context's problem handling,
 * so the 400 names the field like any other mistake in a body.
 */
public final class CheckedDeserializer extends DelegatingDeserializer {

    @FunctionalInterface
    public interface Check {

        /**
         * @param type the type being read
         * @param read reads the value as Jackson's own deserializer does
         * @return the value, or what the context makes of a refused one
         */
        Object deserialize(JsonParser parser, DeserializationContext context, Class<?> type, Supplier<Object> read);
    }

    private final Check check;

    /**
     * A module that puts a check around Jackson's deserializer of each type {@code checkOf} gives one for.
     *
     * @param checkOf the check of a type, or null for a type read as Jackson reads it
     */
    public static SimpleModule module(String name, Function<Class<?>, Check> checkOf) {
        SimpleModule module = new SimpleModule(name);
        module.setDeserializerModifier(new ValueDeserializerModifier() {
            @Override
            public ValueDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription.Supplier bean,
                                                           ValueDeserializer<?> deserializer) {
                Check check = checkOf.apply(bean.getBeanClass());
                return check == null ? deserializer : new CheckedDeserializer(deserializer, check);
            }
        });
        return module;
    }

    public CheckedDeserializer(ValueDeserializer<?> delegate, Check check) {
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
