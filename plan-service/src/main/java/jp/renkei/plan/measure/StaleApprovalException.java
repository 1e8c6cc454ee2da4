package jp.renkei.plan.measure;

/** A co-owner approved a version that is no longer the measure's current one. */
public class StaleApprovalException extends RuntimeException {

    private final long currentVersion;

    public StaleApprovalException(String measureId, long approvedVersion, long currentVersion) {
        super("measure " + measureId + " is at version " + currentVersion + ", not " + approvedVersion
                + "; read it again and approve the version you read");
        this.currentVersion = currentVersion;
    }

    public long currentVersion() {
        return currentVersion;
    }
}
