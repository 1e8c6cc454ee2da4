package jp.renkei.consultation.refusal;

/** A value that is well-formed but breaks a rule of the consultation, named by its field. */
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
