package jp.renkei.plan.seed;

import java.util.List;
import jp.renkei.contracts.plan.MeasureSnapshot.GlossaryTerm;
import jp.renkei.contracts.plan.MeasureSnapshot.Initiative;

/** The shape of {@code seeds/plan/*.yml}. */
record SeedPlan(Municipality municipality, Plan plan) {

    record Municipality(String id, String name, String nameEn) {
    }

    record Plan(String id, String title, List<Goal> goals) {
    }

    record Goal(int number, String title, List<Area> areas) {
        Goal {
            areas = areas == null ? List.of() : areas;
        }
    }

    record Area(String id, String title, List<SeedMeasure> measures) {
    }

    record SeedMeasure(String id, String number, String title, List<String> tags, List<String> currentSituation,
                       String basicPolicy, List<Initiative> initiatives, List<String> relatedPlans,
                       List<GlossaryTerm> glossary) {
    }
}
