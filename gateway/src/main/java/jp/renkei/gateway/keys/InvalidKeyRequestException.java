package jp.renkei.gateway.keys;

/** A request to the key API with a bad value in one field. */
class InvalidKeyRequestException extends RuntimeException {

    private final String field;

    InvalidKeyRequestException(String field, String message) {
        super(message);
        this.field = field;
    }

    String field() {
        return field;
    }
}
