package jp.renkei.plan.web;

import java.time.Instant;
import java.util.List;
import jp.renkei.contracts.plan.MeasureSnapshot.GlossaryTerm;
import jp.renkei.contracts.plan.MeasureSnapshot.Initiative;
import jp.renkei.plan.measure.Approval;
import jp.renkei.plan.measure.Measure;

/** A measure as the API shows it; {@code approvals}: the co-owners' approvals of its current content (joint plans). */
public record MeasureView(String municipalityId, String planId, int goalNumber, String areaId, String measureId,
                          String number, String title, List<String> currentSituation, String basicPolicy,
                          List<Initiative> initiatives, List<String> relatedPlans, List<GlossaryTerm> glossary,
                          List<String> tags, String status, long version, Instant updatedAt, String updatedBy,
                          List<Approval> approvals) {

    static MeasureView of(Measure measure) {
        var content = measure.content();
        return new MeasureView(measure.municipalityId(), measure.planId(), measure.goalNumber(), measure.areaId(),
                measure.measureId(), measure.number(), content.title(), content.currentSituation(),
                content.basicPolicy(), content.initiatives(), content.relatedPlans(), content.glossary(),
                content.tags(), measure.status().name(), measure.version(), measure.updatedAt(), measure.updatedBy(),
                measure.approvals());
    }
}
