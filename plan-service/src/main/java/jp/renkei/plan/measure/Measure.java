package jp.renkei.plan.measure;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import jp.renkei.contracts.plan.MeasureSnapshot;

/**
 * A measure (施策) of a plan at one version. Identity is (planId, measureId); the municipality and plan travel
 * with it so that a second municipality's plan fits beside Abashiri's.
 */
public record Measure(String municipalityId, String planId, int goalNumber, String areaId, String measureId,
                      String number, MeasureContent content, MeasureStatus status, long version, Instant updatedAt,
                      String updatedBy) {

    public Measure {
        Objects.requireNonNull(municipalityId, "municipalityId");
        Objects.requireNonNull(planId, "planId");
        Objects.requireNonNull(measureId, "measureId");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(status, "status");
    }

    /**
     * The measure after replacing its content; the version moves on by one.
     *
     * @throws ForbiddenTransitionException when the measure is archived: archived measures are history
     */
    public Measure revise(MeasureContent newContent, String editor, Instant at) {
        if (status == MeasureStatus.ARCHIVED) {
            throw new ForbiddenTransitionException(measureId, status, status);
        }
        return new Measure(municipalityId, planId, goalNumber, areaId, measureId, number, newContent, status,
                version + 1, at, editor);
    }

    /**
     * The measure after a lifecycle step; the version moves on by one.
     *
     * @throws ForbiddenTransitionException when the lifecycle does not allow the step
     */
    public Measure changeStatus(MeasureStatus target, String editor, Instant at) {
        if (!status.canMoveTo(target)) {
            throw new ForbiddenTransitionException(measureId, status, target);
        }
        return new Measure(municipalityId, planId, goalNumber, areaId, measureId, number, content, target,
                version + 1, at, editor);
    }

    /** Names of the content sections that differ between this measure and {@code other}, in snapshot order. */
    public List<String> changedSections(MeasureContent other) {
        List<String> changed = new ArrayList<>();
        if (!content.title().equals(other.title())) {
            changed.add("title");
        }
        if (!content.currentSituation().equals(other.currentSituation())) {
            changed.add("currentSituation");
        }
        if (!Objects.equals(content.basicPolicy(), other.basicPolicy())) {
            changed.add("basicPolicy");
        }
        if (!content.initiatives().equals(other.initiatives())) {
            changed.add("initiatives");
        }
        if (!content.relatedPlans().equals(other.relatedPlans())) {
            changed.add("relatedPlans");
        }
        if (!content.glossary().equals(other.glossary())) {
            changed.add("glossary");
        }
        if (!content.tags().equals(other.tags())) {
            changed.add("tags");
        }
        return changed;
    }

    public MeasureSnapshot snapshot() {
        return new MeasureSnapshot(municipalityId, planId, goalNumber, areaId, measureId, number, content.title(),
                content.currentSituation(), content.basicPolicy(), content.initiatives(), content.relatedPlans(),
                content.glossary(), content.tags(), status.name(), version);
    }
}
