package jp.renkei.plan.measure;

public class ForbiddenTransitionException extends RuntimeException {

    private final MeasureStatus from;
    private final MeasureStatus to;

    public ForbiddenTransitionException(String measureId, MeasureStatus from, MeasureStatus to) {
        super(from == to && from == MeasureStatus.ARCHIVED
                ? "measure " + measureId + " is archived and can no longer change"
                : "measure " + measureId + " cannot go from " + from + " to " + to + "; allowed: " + from.next());
        this.from = from;
        this.to = to;
    }

    public MeasureStatus from() {
        return from;
    }

    public MeasureStatus to() {
        return to;
    }
}
