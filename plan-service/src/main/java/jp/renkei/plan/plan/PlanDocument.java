package jp.renkei.plan.plan;

import java.util.List;
import jp.renkei.contracts.plan.MunicipalityRef;
import jp.renkei.plan.measure.PlanHolders;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A plan's frame: municipality, title, goals (目標) and areas (分野). The measures are documents of their own that
 * name their goal and area, so adding a measure writes only its own document. A joint plan names its co-owners:
 * partners (by partner id) who edit and approve its measures beside the owner.
 */
@Document("plans")
public record PlanDocument(@Id String planId, String municipalityId, String municipalityName, String municipalityNameEn,
                           String title, List<Goal> goals, List<MunicipalityRef> coOwners) {

    public PlanDocument {
        // plans stored before joint plans have no co-owners field
        coOwners = coOwners == null ? List.of() : coOwners;
    }

    public PlanHolders holders() {
        return new PlanHolders(planId, new MunicipalityRef(municipalityId, municipalityName), coOwners);
    }

    public record Goal(int number, String title, List<Area> areas) {
    }

    public record Area(String id, String title) {
    }
}
