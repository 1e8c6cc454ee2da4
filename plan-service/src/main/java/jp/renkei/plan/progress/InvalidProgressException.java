package jp.renkei.plan.progress;

/** Input about progress that cannot be accepted (400), naming the field at fault. */
public class InvalidProgressException extends RuntimeException {

    private final String field;

    public InvalidProgressException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
