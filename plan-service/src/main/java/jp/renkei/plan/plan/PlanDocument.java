package jp.renkei.plan.plan;

import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A plan's frame: municipality, title, goals (目標) and areas (分野). The measures are documents of their own that
 * name their goal and area, so adding a measure writes only its own document.
 */
@Document("plans")
public record PlanDocument(@Id String planId, String municipalityId, String municipalityName, String municipalityNameEn,
                           String title, List<Goal> goals) {

    public record Goal(int number, String title, List<Area> areas) {
    }

    public record Area(String id, String title) {
    }
}
