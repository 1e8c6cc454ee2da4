package jp.renkei.plan.measure;

public class MeasureNotFoundException extends RuntimeException {

    public MeasureNotFoundException(String planId, String measureId) {
        super("plan " + planId + " has no measure " + measureId);
    }
}
