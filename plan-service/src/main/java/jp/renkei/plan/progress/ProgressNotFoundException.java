package jp.renkei.plan.progress;

/** No such indicator, actual or evaluation (404). */
public class ProgressNotFoundException extends RuntimeException {

    public ProgressNotFoundException(String message) {
        super(message);
    }
}
