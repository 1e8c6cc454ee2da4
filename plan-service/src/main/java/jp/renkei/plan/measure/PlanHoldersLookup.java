package jp.renkei.plan.measure;

import java.util.Optional;

/** Who holds a plan, read by the plan's id (one small document by {@code _id}); empty when there is no such plan. */
public interface PlanHoldersLookup {

    Optional<PlanHolders> of(String planId);
}
