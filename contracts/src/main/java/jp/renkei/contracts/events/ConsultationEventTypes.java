package jp.renkei.contracts.events;

/**
 * Stable CloudEvents {@code type} names of consultation-service's events on {@link Topics#CONSULTATION_EVENTS}: past
 * tense, versioned. Each is keyed by the consultation id; the data carries the routing attributes at its top level.
 */
public final class ConsultationEventTypes {

    public static final String PREFIX = "jp.renkei.consultation.";
    public static final String OPENED = "jp.renkei.consultation.opened.v1";
    public static final String CLOSED = "jp.renkei.consultation.closed.v1";
    public static final String RESULTS_PUBLISHED = "jp.renkei.consultation.results-published.v1";
    public static final String ABANDONED = "jp.renkei.consultation.abandoned.v1";
    /**
     * The participation (opinions and hearing records) counted for one measure and fiscal year changed. Keyed by the
     * measure id, like the plan's events about that measure; its sequence is the tally's version.
     */
    public static final String PARTICIPATION_TALLIED = "jp.renkei.consultation.participation-tallied.v1";

    private ConsultationEventTypes() {
    }

    /** CloudEvents {@code source} of the consultations of one municipality. */
    public static String source(String municipalityId) {
        return "/municipalities/" + municipalityId + "/consultations";
    }

    /** CloudEvents {@code source} of the participation tallies of one municipality. */
    public static String participationSource(String municipalityId) {
        return "/municipalities/" + municipalityId + "/participation";
    }

    /** CloudEvents {@code subject} of the participation tally of one measure and fiscal year (年度). */
    public static String participationSubject(String measureId, int fiscalYear) {
        return "measures/" + measureId + "/participation/" + fiscalYear;
    }

    /** CloudEvents {@code subject} of events about one consultation. */
    public static String subject(String consultationId) {
        return "consultations/" + consultationId;
    }
}
