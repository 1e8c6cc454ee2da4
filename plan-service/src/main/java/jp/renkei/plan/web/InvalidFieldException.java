package jp.renkei.plan.web;

/** A request value that is well-formed but wrong, named by its field. */
class InvalidFieldException extends RuntimeException {

    private final String field;

    InvalidFieldException(String field, String message) {
        super(message);
        this.field = field;
    }

    String field() {
        return field;
    }
}
