package jp.renkei.plan.measure;

/** Lifecycle of a measure. Transitions are enforced by the plan-service issue's status API. */
public enum MeasureStatus {
    DRAFT, IN_CONSULTATION, ADOPTED, ARCHIVED
}
