package jp.renkei.sync.web;

/** A request value that is well-formed but not acceptable, named by its field. */
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
