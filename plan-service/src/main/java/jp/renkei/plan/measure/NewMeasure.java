package jp.renkei.plan.measure;

/** What it takes to create a measure in a plan's goal and area. */
public record NewMeasure(String municipalityId, String planId, int goalNumber, String areaId, String measureId,
                         String number, MeasureContent content, MeasureStatus status) {
}
