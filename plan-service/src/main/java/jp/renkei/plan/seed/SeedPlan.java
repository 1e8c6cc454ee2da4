package jp.renkei.plan.seed;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import jp.renkei.contracts.plan.MeasureSnapshot.GlossaryTerm;
import jp.renkei.contracts.plan.MeasureSnapshot.Initiative;

/** The shape of {@code seeds/plan/*.yml}, and of the partners' names in {@code seeds/partners/partners.yml}. */
record SeedPlan(Municipality municipality, Plan plan) {

    record Partners(List<Partner> partners) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Partner(String id, String name) {
    }

    record Municipality(String id, String name, String nameEn) {
    }

    /**
     * @param example  true for a plan that is example content, not taken from a source text
     * @param coOwners partner ids of the municipalities that hold the plan with its owner
     */
    record Plan(String id, String title, Boolean example, List<String> coOwners, List<Goal> goals) {
        Plan {
            coOwners = coOwners == null ? List.of() : coOwners;
        }
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
