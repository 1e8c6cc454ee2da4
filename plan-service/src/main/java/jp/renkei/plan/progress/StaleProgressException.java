package jp.renkei.plan.progress;

/** The indicator, actual or evaluation has moved on since the caller read it (412). */
public class StaleProgressException extends RuntimeException {

    private final long currentVersion;

    public StaleProgressException(String what, long expected, long currentVersion) {
        super(what + " is at version " + currentVersion + ", not " + expected);
        this.currentVersion = currentVersion;
    }

    public long currentVersion() {
        return currentVersion;
    }
}
