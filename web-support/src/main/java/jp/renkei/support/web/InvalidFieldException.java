package jp.renkei.support.web;

/** A request value that is well-formed but wrong, named by its field: a 400 problem with {@code field}. */
public class InvalidFieldException extends RuntimeException {

    private final String field;

    public InvalidFieldException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
