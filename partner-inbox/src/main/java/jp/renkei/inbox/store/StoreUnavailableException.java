package jp.renkei.inbox.store;

/** The event could not be made durable; the sender must not be told it was received, so it will send it again. */
public class StoreUnavailableException extends RuntimeException {

    StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
