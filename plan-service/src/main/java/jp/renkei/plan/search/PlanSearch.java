package jp.renkei.plan.search;

import java.util.ArrayList;
import java.util.List;
import jp.renkei.contracts.plan.MeasureSnapshot;
import jp.renkei.plan.measure.Measure;
import jp.renkei.plan.measure.MeasureService;
import org.springframework.stereotype.Service;

/**
 * Finds the passages of a plan that contain a phrase, comparing folded forms (see {@link JapaneseFolding}). A plan
 * has tens of measures, so it reads them and searches in memory: no index to keep in step.
 */
@Service
public class PlanSearch {

    private final MeasureService measures;

    PlanSearch(MeasureService measures) {
        this.measures = measures;
    }

    public List<Hit> search(String planId, String phrase) {
        String wanted = JapaneseFolding.fold(phrase);
        List<Hit> hits = new ArrayList<>();
        if (wanted.isEmpty()) {
            return hits;
        }
        for (Measure measure : measures.list(planId)) {
            MeasureSnapshot snapshot = measure.snapshot();
            String id = snapshot.measureId();
            match(hits, wanted, id, "title", null, snapshot.title());
            for (int i = 0; i < snapshot.currentSituation().size(); i++) {
                match(hits, wanted, id, "currentSituation[" + i + "]", null, snapshot.currentSituation().get(i));
            }
            match(hits, wanted, id, "basicPolicy", null, snapshot.basicPolicy());
            for (MeasureSnapshot.Initiative initiative : snapshot.initiatives()) {
                match(hits, wanted, id, "initiatives", initiative.id(), initiative.category());
                for (MeasureSnapshot.Item item : initiative.items()) {
                    match(hits, wanted, id, "initiatives.items", item.id(), item.text());
                }
            }
            for (String plan : snapshot.relatedPlans()) {
                match(hits, wanted, id, "relatedPlans", null, plan);
            }
            for (MeasureSnapshot.GlossaryTerm term : snapshot.glossary()) {
                match(hits, wanted, id, "glossary", null, term.term() + " — " + term.definition());
            }
        }
        return hits;
    }

    private static void match(List<Hit> hits, String wanted, String measureId, String section, String itemId,
                              String text) {
        if (text != null && JapaneseFolding.fold(text).contains(wanted)) {
            hits.add(new Hit(measureId, section, itemId, text));
        }
    }

    /**
     * @param section where in the measure: {@code title}, {@code currentSituation[2]}, {@code initiatives.items}, …
     * @param itemId  the stable id of the initiative or item, where the section has one
     */
    public record Hit(String measureId, String section, String itemId, String text) {
    }
}
