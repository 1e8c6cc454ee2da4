package jp.renkei.plan.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import jp.renkei.contracts.plan.MunicipalityRef;
import org.junit.jupiter.api.Test;

/** Who a change is made for: the owner's staff act for the owner, a partner only for a plan it co-owns. */
class PlanHoldersTest {

    private static final MunicipalityRef ABASHIRI = new MunicipalityRef("abashiri", "網走市");
    private static final MunicipalityRef OZORA = new MunicipalityRef("ozora", "大空町");
    private static final MunicipalityRef KIYOSATO = new MunicipalityRef("kiyosato", "清里町");
    private static final PlanHolders JOINT = new PlanHolders("vision", ABASHIRI, List.of(OZORA, KIYOSATO));
    private static final PlanHolders SOLE = new PlanHolders("abashiri-comprehensive-plan", ABASHIRI, null);

    @Test
    void theOwnersStaffActForTheOwnerOnEveryPlan() {
        assertThat(JOINT.actingFor(Actor.staff("abashiri-editor"))).isEqualTo(ABASHIRI);
        assertThat(SOLE.actingFor(Actor.staff("abashiri-editor"))).isEqualTo(ABASHIRI);
    }

    @Test
    void aCoOwnersPartnerKeyActsForThatCoOwner() {
        assertThat(JOINT.actingFor(new Actor("ozora-key", "ozora"))).isEqualTo(OZORA);
        assertThat(JOINT.actingFor(new Actor("kiyosato-key", "kiyosato"))).isEqualTo(KIYOSATO);
        assertThat(JOINT.coOwner("kiyosato")).isEqualTo(KIYOSATO);
    }

    @Test
    void aPartnerThatDoesNotCoOwnThePlanActsForNoOne() {
        assertThatThrownBy(() -> JOINT.actingFor(new Actor("okhotsk-key", "okhotsk-council")))
                .isInstanceOf(NotCoOwnerException.class).hasMessageContaining("okhotsk-council")
                .hasMessageContaining("vision");
        assertThatThrownBy(() -> SOLE.actingFor(new Actor("ozora-key", "ozora")))
                .isInstanceOf(NotCoOwnerException.class);
        // the owner's id used as a partner key is still not a co-owner
        assertThatThrownBy(() -> JOINT.coOwner("abashiri")).isInstanceOf(NotCoOwnerException.class);
    }

    @Test
    void aPlanIsJointWhenItHasCoOwners() {
        assertThat(JOINT.joint()).isTrue();
        assertThat(SOLE.joint()).isFalse();
        assertThat(SOLE.coOwners()).isEmpty();
    }

    @Test
    void theCoOwnersAreFixedWhenTheHoldersAreRead() {
        List<MunicipalityRef> coOwners = new ArrayList<>(List.of(OZORA));
        PlanHolders holders = new PlanHolders("vision", ABASHIRI, coOwners);
        coOwners.add(KIYOSATO);

        assertThat(holders.coOwner("ozora")).isEqualTo(OZORA);
        assertThatThrownBy(() -> holders.coOwner("kiyosato")).isInstanceOf(NotCoOwnerException.class);
    }

    @Test
    void aPlanReadWithoutCoOwnersHasNone() {
        PlanHolders sole = new PlanHolders("abashiri-comprehensive-plan", ABASHIRI, null);

        assertThat(sole.coOwners()).isEmpty();
        assertThat(sole.joint()).isFalse();
    }

    @Test
    void aPlanHasAnOwner() {
        assertThatThrownBy(() -> new PlanHolders("vision", null, List.of(OZORA)))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("owner");
    }
}
