package jp.renkei.plan.measure;

/** A joint-plan step the measure's status does not allow: approving what is not open, revising what was adopted. */
public class JointMeasureStatusException extends RuntimeException {

    private final MeasureStatus status;

    public JointMeasureStatusException(String message, MeasureStatus status) {
        super(message);
        this.status = status;
    }

    public MeasureStatus status() {
        return status;
    }
}
