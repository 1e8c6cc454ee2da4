package jp.renkei.plan.measure;

import java.util.List;
import jp.renkei.contracts.plan.MeasureSnapshot.GlossaryTerm;
import jp.renkei.contracts.plan.MeasureSnapshot.Initiative;

/** The editable content of a measure: what staff replace with a PUT. */
public record MeasureContent(String title, List<String> currentSituation, String basicPolicy,
                             List<Initiative> initiatives, List<String> relatedPlans, List<GlossaryTerm> glossary,
                             List<String> tags) {

    public MeasureContent {
        currentSituation = List.copyOf(currentSituation);
        initiatives = List.copyOf(initiatives);
        relatedPlans = List.copyOf(relatedPlans);
        glossary = List.copyOf(glossary);
        tags = List.copyOf(tags);
    }
}
