package jp.renkei.plan.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import jp.renkei.contracts.plan.MunicipalityRef;
import org.junit.jupiter.api.Test;

/** The rules of a joint plan's measures: who edits, who approves what, and when a measure may be adopted. */
class JointMeasureTest {

    private static final Instant AT = Instant.parse("2026-12-06T00:00:00Z");
    private static final MunicipalityRef ABASHIRI = new MunicipalityRef("abashiri", "網走市");
    private static final MunicipalityRef OZORA = new MunicipalityRef("ozora", "大空町");
    private static final MunicipalityRef KIYOSATO = new MunicipalityRef("kiyosato", "清里町");
    private static final PlanHolders JOINT = new PlanHolders("vision", ABASHIRI, List.of(OZORA, KIYOSATO));
    private static final PlanHolders SOLE = new PlanHolders("plan", ABASHIRI, List.of());

    private final MeasureContent content = new MeasureContent("医療（例示）", List.of("段落。"), "方針。", List.of(),
            List.of(), List.of(), List.of("定住自立圏:医療"));
    private final Measure draft = new Measure("abashiri", "vision", 1, "sv-1", "sv-medical", "①", content,
            MeasureStatus.IN_CONSULTATION, 4, AT, "seed-import");

    @Test
    void aCoOwnerApprovesTheCurrentVersionAndTheVersionMovesOnWithTheContentUnchanged() {
        Measure approved = draft.approve(OZORA, 4, "ozora-key", AT, JOINT);

        assertThat(approved.version()).isEqualTo(5);
        assertThat(approved.content()).isEqualTo(content);
        assertThat(approved.approvals()).containsExactly(new Approval("ozora", "大空町", 4, "ozora-key", AT));
        assertThat(approved.missingApprovals(JOINT)).containsExactly(KIYOSATO);
    }

    @Test
    void approvingAStaleVersionIsRefusedNamingTheCurrentOne() {
        assertThatThrownBy(() -> draft.approve(OZORA, 3, "ozora-key", AT, JOINT))
                .isInstanceOfSatisfying(StaleApprovalException.class,
                        stale -> assertThat(stale.currentVersion()).isEqualTo(4));
        assertThatThrownBy(() -> draft.approve(OZORA, 5, "ozora-key", AT, JOINT))
                .isInstanceOf(StaleApprovalException.class);
    }

    @Test
    void approvingAgainWhatWasApprovedChangesNothingEvenFromTheVersionBefore() {
        Measure approved = draft.approve(OZORA, 4, "ozora-key", AT, JOINT);

        assertThat(approved.approve(OZORA, 4, "ozora-key", AT, JOINT)).isSameAs(approved);
        assertThat(approved.approve(OZORA, 5, "ozora-key", AT, JOINT)).isSameAs(approved);
        assertThatThrownBy(() -> approved.approve(OZORA, 3, "ozora-key", AT, JOINT))
                .isInstanceOf(StaleApprovalException.class);
    }

    @Test
    void aRevisionDropsEveryApprovalButALifecycleStepKeepsThem() {
        Measure approved = draft.approve(OZORA, 4, "ozora-key", AT, JOINT);

        Measure revised = approved.revise(content, "abashiri-staff", AT, JOINT);
        assertThat(revised.approvals()).isEmpty();
        assertThat(revised.missingApprovals(JOINT)).containsExactly(OZORA, KIYOSATO);
        assertThat(approved.changeStatus(MeasureStatus.DRAFT, "abashiri-staff", AT, JOINT).approvals())
                .isEqualTo(approved.approvals());
    }

    @Test
    void adoptionNeedsEveryCoOwnersApprovalAndNamesWhoIsMissing() {
        Measure approvedByOzora = draft.approve(OZORA, 4, "ozora-key", AT, JOINT);

        assertThatThrownBy(() -> draft.changeStatus(MeasureStatus.ADOPTED, "abashiri-staff", AT, JOINT))
                .isInstanceOfSatisfying(MissingApprovalsException.class,
                        missing -> assertThat(missing.missing()).containsExactly(OZORA, KIYOSATO));
        assertThatThrownBy(() -> approvedByOzora.changeStatus(MeasureStatus.ADOPTED, "abashiri-staff", AT, JOINT))
                .isInstanceOfSatisfying(MissingApprovalsException.class,
                        missing -> assertThat(missing.missing()).containsExactly(KIYOSATO))
                .hasMessageContaining("清里町 (kiyosato)");

        Measure approvedByBoth = approvedByOzora.approve(KIYOSATO, 5, "kiyosato-key", AT, JOINT);
        Measure adopted = approvedByBoth.changeStatus(MeasureStatus.ADOPTED, "abashiri-staff", AT, JOINT);
        assertThat(adopted.status()).isEqualTo(MeasureStatus.ADOPTED);
        assertThat(adopted.version()).isEqualTo(7);
    }

    @Test
    void aMeasureOfAPlanWithOneOwnerIsAdoptedAsBefore() {
        assertThat(draft.changeStatus(MeasureStatus.ADOPTED, "abashiri-staff", AT, SOLE).status())
                .isEqualTo(MeasureStatus.ADOPTED);
        Measure adopted = draft.changeStatus(MeasureStatus.ADOPTED, "abashiri-staff", AT, SOLE);
        assertThat(adopted.revise(content, "abashiri-staff", AT, SOLE).status()).isEqualTo(MeasureStatus.ADOPTED);
    }

    @Test
    void anAdoptedJointMeasureIsNeitherRevisedNorApprovedUntilItGoesBackToConsultation() {
        Measure adopted = draft.approve(OZORA, 4, "o", AT, JOINT).approve(KIYOSATO, 5, "k", AT, JOINT)
                .changeStatus(MeasureStatus.ADOPTED, "abashiri-staff", AT, JOINT);

        assertThatThrownBy(() -> adopted.revise(content, "ozora-key", AT, JOINT))
                .isInstanceOfSatisfying(JointMeasureStatusException.class,
                        refused -> assertThat(refused.status()).isEqualTo(MeasureStatus.ADOPTED));
        Measure reopened = adopted.changeStatus(MeasureStatus.IN_CONSULTATION, "abashiri-staff", AT, JOINT);
        assertThat(reopened.revise(content, "ozora-key", AT, JOINT).version()).isEqualTo(reopened.version() + 1);
    }

    @Test
    void onlyCoOwnersApproveAndOnlyHoldersEdit() {
        MunicipalityRef council = new MunicipalityRef("okhotsk-council", "オホーツク圏活性化期成会");

        assertThatThrownBy(() -> draft.approve(council, 4, "council-key", AT, JOINT))
                .isInstanceOf(NotCoOwnerException.class).hasMessageContaining("okhotsk-council");
        assertThatThrownBy(() -> draft.approve(ABASHIRI, 4, "abashiri-staff", AT, JOINT))
                .isInstanceOf(NotCoOwnerException.class);
        assertThatThrownBy(() -> JOINT.actingFor(new Actor("council-key", "okhotsk-council")))
                .isInstanceOf(NotCoOwnerException.class);
        assertThatThrownBy(() -> SOLE.actingFor(new Actor("ozora-key", "ozora")))
                .isInstanceOf(NotCoOwnerException.class);
        assertThat(JOINT.actingFor(new Actor("ozora-key", "ozora"))).isEqualTo(OZORA);
        assertThat(JOINT.actingFor(Actor.staff("abashiri-staff"))).isEqualTo(ABASHIRI);
    }
}
