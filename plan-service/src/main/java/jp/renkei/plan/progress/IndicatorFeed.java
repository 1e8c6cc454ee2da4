package jp.renkei.plan.progress;

/**
 * Where an indicator's actuals come from when the city wants them recorded automatically rather than by staff.
 * Staff may still correct such an actual; the next figure of the feed becomes the next version again.
 */
public enum IndicatorFeed {

    /**
     * consultation-service's count of the opinions and hearing records (広聴) concerning the measure in the fiscal
     * year: the actual is their sum, recorded on each {@code jp.renkei.consultation.participation-tallied.v1}.
     */
    CONSULTATION_PARTICIPATION("consultation-service");

    private final String source;

    IndicatorFeed(String source) {
        this.source = source;
    }

    /** The actual's 出典 and recorder: the service that feeds it. */
    public String source() {
        return source;
    }
}
