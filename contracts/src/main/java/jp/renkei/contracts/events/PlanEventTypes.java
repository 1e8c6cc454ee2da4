package jp.renkei.contracts.events;

/**
 * Stable CloudEvents {@code type} names of plan-service's events: past tense, versioned, never a Java class
 * name. A breaking payload change gets a new {@code .vN}; consumers match on these strings.
 */
public final class PlanEventTypes {

    public static final String PREFIX = "jp.renkei.plan.";
    public static final String MEASURE_CREATED = "jp.renkei.plan.measure.created.v1";
    public static final String MEASURE_REVISED = "jp.renkei.plan.measure.revised.v1";
    public static final String MEASURE_STATUS_CHANGED = "jp.renkei.plan.measure.status-changed.v1";
    public static final String MEASURE_ARCHIVED = "jp.renkei.plan.measure.archived.v1";

    private PlanEventTypes() {
    }

    /** CloudEvents {@code source} of events about one plan of Abashiri. */
    public static String source(String municipalityId, String planId) {
        return "/municipalities/" + municipalityId + "/plans/" + planId;
    }

    /** CloudEvents {@code subject} of events about one measure. */
    public static String measureSubject(String measureId) {
        return "measures/" + measureId;
    }
}
