package jp.renkei.support.web;

import java.util.Map;

/**
 * The request is valid but the resource's state forbids it (a closed consultation, a forbidden status step): a 409
 * problem of the given type, naming the field that decided it and any properties that help the caller.
 */
public class StateConflictException extends RuntimeException {

    private final String type;
    private final String title;
    private final String field;
    private final Map<String, Object> properties;

    public StateConflictException(String type, String title, String field, String message, Map<String, Object> properties) {
        super(message);
        this.type = type;
        this.title = title;
        this.field = field;
        this.properties = Map.copyOf(properties);
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    /** The field or header that decided the conflict, or null. */
    public String field() {
        return field;
    }

    public Map<String, Object> properties() {
        return properties;
    }
}
