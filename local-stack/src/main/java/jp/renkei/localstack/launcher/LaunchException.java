package jp.renkei.localstack.launcher;

/**
 * A reason the launcher stops, told to the person at the console as it is (one line, or a short report such as
 * the tail of a service's log), without a stack trace.
 */
public final class LaunchException extends Exception {

    private static final long serialVersionUID = 1L;

    public LaunchException(String message) {
        super(message);
    }

    public LaunchException(String message, Throwable cause) {
        super(message, cause);
    }
}
