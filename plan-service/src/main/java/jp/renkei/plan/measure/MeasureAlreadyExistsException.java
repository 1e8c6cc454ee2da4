package jp.renkei.plan.measure;

public class MeasureAlreadyExistsException extends RuntimeException {

    public MeasureAlreadyExistsException(String planId, String measureId) {
        super("plan " + planId + " already has a measure " + measureId);
    }
}
