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
    /** A co-owner of a joint plan approved one exact version of a measure (issue #14). */
    public static final String MEASURE_APPROVED = "jp.renkei.plan.measure.approved.v1";
    /** Progress management (進捗管理): a measure's indicators (成果指標), yearly actuals and evaluations. */
    public static final String INDICATOR_CREATED = "jp.renkei.plan.indicator.created.v1";
    public static final String INDICATOR_REVISED = "jp.renkei.plan.indicator.revised.v1";
    public static final String INDICATOR_RETIRED = "jp.renkei.plan.indicator.retired.v1";
    public static final String ACTUAL_RECORDED = "jp.renkei.plan.actual.recorded.v1";
    public static final String EVALUATION_PUBLISHED = "jp.renkei.plan.evaluation.published.v1";

    private PlanEventTypes() {
    }

    /** CloudEvents {@code source} of events about one plan, named by its owning municipality. */
    public static String source(String municipalityId, String planId) {
        return "/municipalities/" + municipalityId + "/plans/" + planId;
    }

    /** CloudEvents {@code subject} of events about one measure. */
    public static String measureSubject(String measureId) {
        return "measures/" + measureId;
    }

    /**
     * CloudEvents {@code subject} of events about one measure's progress: its own subject, as its events carry
     * the progress's version as their sequence, not the measure's.
     */
    public static String progressSubject(String measureId) {
        return measureSubject(measureId) + "/progress";
    }
}
