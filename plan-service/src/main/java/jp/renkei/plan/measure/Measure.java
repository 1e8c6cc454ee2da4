package jp.renkei.plan.measure;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import jp.renkei.contracts.plan.MeasureSnapshot;
import jp.renkei.contracts.plan.MunicipalityRef;

/**
 * A measure (施策) of a plan at one version. Identity is (planId, measureId); the municipality and plan travel
 * with it so that a second municipality's plan fits beside Abashiri's.
 *
 * <p>A measure of a joint plan also carries the co-owners' approvals of its current content ({@link Approval}): each
 * co-owner approves one exact version, a revision of the content drops them all, and adoption needs every co-owner's.
 * The owner does not approve: its own step to ADOPTED is its approval.
 */
public record Measure(String municipalityId, String planId, int goalNumber, String areaId, String measureId,
                      String number, MeasureContent content, MeasureStatus status, long version, Instant updatedAt,
                      String updatedBy, List<Approval> approvals) {

    /** Where a co-owner may approve: a measure still being worked on, not one adopted or archived. */
    private static final Set<MeasureStatus> OPEN_FOR_APPROVAL = Set.of(MeasureStatus.DRAFT, MeasureStatus.IN_CONSULTATION);

    public Measure {
        Objects.requireNonNull(municipalityId, "municipalityId");
        Objects.requireNonNull(planId, "planId");
        Objects.requireNonNull(measureId, "measureId");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(status, "status");
        approvals = approvals == null ? List.of() : List.copyOf(approvals);
    }

    /** A measure without approvals: one of a plan with a single owner, or one nobody approved yet. */
    public Measure(String municipalityId, String planId, int goalNumber, String areaId, String measureId,
                   String number, MeasureContent content, MeasureStatus status, long version, Instant updatedAt,
                   String updatedBy) {
        this(municipalityId, planId, goalNumber, areaId, measureId, number, content, status, version, updatedAt,
                updatedBy, List.of());
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
        // approvals hold for the content that was approved: new content has none
        return new Measure(municipalityId, planId, goalNumber, areaId, measureId, number, newContent, status,
                version + 1, at, editor, List.of());
    }

    /**
     * A revision by one of the plan's holders. On a joint plan an adopted measure is what every co-owner approved, so
     * it changes only after the owner put it back to consultation.
     *
     * @throws JointMeasureStatusException when the measure of a joint plan is ADOPTED
     */
    public Measure revise(MeasureContent newContent, String editor, Instant at, PlanHolders holders) {
        if (holders.joint() && status == MeasureStatus.ADOPTED) {
            throw new JointMeasureStatusException("measure " + measureId + " of joint plan " + planId + " is ADOPTED "
                    + "as every co-owner approved it; the owner moves it to IN_CONSULTATION before it is revised",
                    status);
        }
        return revise(newContent, editor, at);
    }

    /**
     * A co-owner's approval of {@code approvedVersion}, which must be the current version; the version moves on by
     * one and the content stays. Approving again what the co-owner already approved changes nothing (a retried
     * request), and returns this very measure.
     *
     * @throws NotCoOwnerException         when {@code coOwner} does not co-own the plan
     * @throws JointMeasureStatusException when the measure is adopted or archived: there is nothing to approve
     * @throws StaleApprovalException      when {@code approvedVersion} is not the current version
     */
    public Measure approve(MunicipalityRef coOwner, long approvedVersion, String approver, Instant at,
                           PlanHolders holders) {
        MunicipalityRef approving = holders.coOwner(coOwner.municipalityId());
        boolean alreadyApproved = approvals.stream().anyMatch(approval ->
                approval.municipalityId().equals(approving.municipalityId()) && approval.version() <= approvedVersion);
        if (alreadyApproved && approvedVersion <= version) {
            return this;
        }
        if (!OPEN_FOR_APPROVAL.contains(status)) {
            throw new JointMeasureStatusException("measure " + measureId + " is " + status + "; co-owners approve a "
                    + "measure in " + OPEN_FOR_APPROVAL.stream().sorted().toList(), status);
        }
        if (approvedVersion != version) {
            throw new StaleApprovalException(measureId, approvedVersion, version);
        }
        List<Approval> approved = new ArrayList<>(approvals);
        approved.add(Approval.by(approving, approvedVersion, approver, at));
        return new Measure(municipalityId, planId, goalNumber, areaId, measureId, number, content, status,
                version + 1, at, approver, approved);
    }

    /** The co-owners whose approval of the current content is still missing, in the plan's order. */
    public List<MunicipalityRef> missingApprovals(PlanHolders holders) {
        return holders.coOwners().stream().filter(coOwner -> approvals.stream()
                .noneMatch(approval -> approval.municipalityId().equals(coOwner.municipalityId()))).toList();
    }

    /**
     * A lifecycle step taken by the owner. A measure of a joint plan is adopted only when every co-owner approved
     * its current content.
     *
     * @throws MissingApprovalsException    when the step is to ADOPTED and a co-owner has not approved
     * @throws ForbiddenTransitionException when the lifecycle does not allow the step
     */
    public Measure changeStatus(MeasureStatus target, String editor, Instant at, PlanHolders holders) {
        if (target == MeasureStatus.ADOPTED && status.canMoveTo(target)) {
            List<MunicipalityRef> missing = missingApprovals(holders);
            if (!missing.isEmpty()) {
                throw new MissingApprovalsException(measureId, missing);
            }
        }
        return changeStatus(target, editor, at);
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
                version + 1, at, editor, approvals);
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
