package jp.renkei.plan.progress;

import java.util.List;
import jp.renkei.plan.measure.Measure;

/** Where the measure whose progress this is sits in the plan, and its tags: what subscriptions route by. */
public record MeasureRef(String municipalityId, String planId, int goalNumber, String areaId, String measureId,
                         List<String> tags) {

    public static MeasureRef of(Measure measure) {
        return new MeasureRef(measure.municipalityId(), measure.planId(), measure.goalNumber(), measure.areaId(),
                measure.measureId(), measure.content().tags());
    }
}
