package jp.renkei.plan.progress;

/** A valid request the progress's state forbids (409): an actual for a retired indicator, an indicator defined twice. */
public class ProgressConflictException extends RuntimeException {

    private final String field;

    public ProgressConflictException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
