package jp.renkei.consultation.refusal;

import java.util.Map;

/**
 * The request is valid but the state of what it names forbids it (a closed consultation, a forbidden status step):
 * a conflict of the given kind, naming the field that decided it and any facts that help the caller go on.
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

    /** The kind of conflict, a short stable word (it ends the problem's type URI). */
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
