package jp.renkei.plan.plan;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import jp.renkei.plan.measure.PlanHolders;
import jp.renkei.plan.measure.PlanHoldersLookup;
import org.springframework.stereotype.Component;

/**
 * A plan's holders as its stored frame names them, kept for a minute: every edit needs them, and a plan's frame is
 * written only when the seed import first stores it, so an edit reads the measure alone, not the plan too.
 */
@Component
class StoredPlanHolders implements PlanHoldersLookup {

    /** How long holders read once are used: beyond it a plan changed by another instance is read again. */
    static final Duration KEEP_FOR = Duration.ofMinutes(1);

    private final PlanRepository plans;
    private final Clock clock;
    private final Map<String, Read> read = new ConcurrentHashMap<>();

    StoredPlanHolders(PlanRepository plans, Clock clock) {
        this.plans = plans;
        this.clock = clock;
    }

    @Override
    public Optional<PlanHolders> of(String planId) {
        Instant now = clock.instant();
        Read known = read.get(planId);
        if (known != null && now.isBefore(known.at().plus(KEEP_FOR))) {
            return Optional.of(known.holders());
        }
        Optional<PlanHolders> holders = plans.findById(planId).map(PlanDocument::holders);
        holders.ifPresent(found -> read.put(planId, new Read(found, now)));
        return holders;
    }

    private record Read(PlanHolders holders, Instant at) {
    }
}
