package jp.renkei.plan.measure;

public class StaleVersionException extends RuntimeException {

    private final long currentVersion;

    public StaleVersionException(String measureId, long expectedVersion, long currentVersion) {
        super("measure " + measureId + " is at version " + currentVersion + ", not " + expectedVersion);
        this.currentVersion = currentVersion;
    }

    public long currentVersion() {
        return currentVersion;
    }
}
