package jp.renkei.support.web;

/** The resource a request names does not exist: a 404 problem. */
public class ResourceNotFoundException extends RuntimeException {

    public ResourceNotFoundException(String message) {
        super(message);
    }
}
