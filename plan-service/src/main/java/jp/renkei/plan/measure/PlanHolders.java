package jp.renkei.plan.measure;

import java.util.List;
import java.util.Objects;
import jp.renkei.contracts.plan.MunicipalityRef;

/**
 * Who holds a plan: its owner municipality and, for a joint plan, its co-owners (partners registered in
 * regional-sync-service, by partner id). The owner's staff edit every plan of the owner; a co-owner's key edits and
 * approves the measures of the plans it co-owns, and nothing else.
 */
public record PlanHolders(String planId, MunicipalityRef owner, List<MunicipalityRef> coOwners) {

    public PlanHolders {
        Objects.requireNonNull(owner, "owner");
        coOwners = coOwners == null ? List.of() : List.copyOf(coOwners);
    }

    public boolean joint() {
        return !coOwners.isEmpty();
    }

    /**
     * The municipality an actor changes the plan for: the owner for the city's staff, the co-owner for a partner.
     *
     * @throws NotCoOwnerException when the actor is a partner that does not co-own the plan
     */
    public MunicipalityRef actingFor(Actor actor) {
        if (actor.partnerId() == null) {
            return owner;
        }
        return coOwner(actor.partnerId());
    }

    /** @throws NotCoOwnerException when {@code partnerId} does not co-own the plan */
    public MunicipalityRef coOwner(String partnerId) {
        return coOwners.stream().filter(coOwner -> coOwner.municipalityId().equals(partnerId)).findFirst()
                .orElseThrow(() -> new NotCoOwnerException(planId, partnerId));
    }
}
