package jp.renkei.plan.progress;

/** A change of something that exists, sent without the version the caller read (428). */
public class VersionRequiredException extends RuntimeException {

    public VersionRequiredException(String message) {
        super(message);
    }
}
