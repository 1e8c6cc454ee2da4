package jp.renkei.plan.measure;

import java.time.Clock;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.UnaryOperator;
import jp.renkei.contracts.plan.MunicipalityRef;
import jp.renkei.messaging.outbox.OutboxEvent;
import jp.renkei.messaging.outbox.OutboxRelay;
import org.springframework.stereotype.Service;

/** Reads and changes measures; each accepted change is stored with its event and handed to the relay. */
@Service
public class MeasureService {

    private final MeasureStore store;
    private final MeasureEvents events;
    private final OutboxRelay relay;
    private final Clock clock;
    private final PlanHoldersLookup holders;
    private final RememberedMeasures written = new RememberedMeasures();

    public MeasureService(MeasureStore store, MeasureEvents events, OutboxRelay relay, Clock clock,
                          PlanHoldersLookup holders) {
        this.store = store;
        this.events = events;
        this.relay = relay;
        this.clock = clock;
        this.holders = holders;
    }

    public Measure get(String planId, String measureId) {
        return store.find(planId, measureId).orElseThrow(() -> new MeasureNotFoundException(planId, measureId));
    }

    public List<Measure> list(String planId) {
        return store.findByPlan(planId);
    }

    /**
     * Creates a measure at version 1.
     *
     * @throws MeasureAlreadyExistsException when the plan has a measure with that id
     */
    public Measure create(NewMeasure request, String editor, String reason) {
        Measure measure = new Measure(request.municipalityId(), request.planId(), request.goalNumber(),
                request.areaId(), request.measureId(), request.number(), request.content(), request.status(), 1,
                clock.instant(), editor);
        OutboxEvent created = events.created(measure, reason);
        if (!store.insert(measure, created)) {
            throw new MeasureAlreadyExistsException(request.planId(), request.measureId());
        }
        written.remember(measure);
        relay.relay(MeasureStore.aggregateKey(measure.planId(), measure.measureId()), created);
        return measure;
    }

    /**
     * Replaces the content of a measure that is still at {@code expectedVersion}, as the plan owner's staff.
     *
     * @throws MeasureNotFoundException     when there is no such measure
     * @throws StaleVersionException        when the measure has moved on since the caller read it
     * @throws ForbiddenTransitionException when the measure is archived
     */
    public Measure revise(String planId, String measureId, long expectedVersion, MeasureContent content,
                          String editor, String reason) {
        return revise(planId, measureId, expectedVersion, current -> content, Actor.staff(editor), reason);
    }

    /**
     * Replaces the content of a measure that is still at {@code expectedVersion} with what {@code contentOf} makes
     * of the measure as it is (a merge patch, or a check of the request against it), reading the measure once. The
     * revision names the municipality the actor edits for: the owner, or the co-owner a partner's key belongs to.
     *
     * @throws NotCoOwnerException         when the actor is a partner that does not co-own the plan
     * @throws JointMeasureStatusException when the measure of a joint plan is adopted
     */
    public Measure revise(String planId, String measureId, long expectedVersion,
                          Function<Measure, MeasureContent> contentOf, Actor actor, String reason) {
        PlanHolders holders = holdersOf(planId, measureId);
        MunicipalityRef editedBy = holders.actingFor(actor);
        MeasureContent[] content = new MeasureContent[1];
        return change(planId, measureId, expectedVersion, current -> {
                    content[0] = contentOf.apply(current);
                    return current.revise(content[0], actor.subject(), clock.instant(), holders);
                },
                (before, after) -> events.revised(before, after, before.changedSections(content[0]), editedBy,
                        reason));
    }

    /**
     * Moves a measure that is still at {@code expectedVersion} to another lifecycle status; only the owner's staff
     * take lifecycle steps.
     *
     * @throws ForbiddenTransitionException when the lifecycle does not allow the step
     * @throws MissingApprovalsException    when a joint measure would be adopted without every co-owner's approval
     */
    public Measure changeStatus(String planId, String measureId, long expectedVersion, MeasureStatus target,
                                String editor, String reason) {
        PlanHolders holders = holdersOf(planId, measureId);
        return change(planId, measureId, expectedVersion,
                current -> current.changeStatus(target, editor, clock.instant(), holders),
                (before, after) -> events.statusChanged(before, after, holders.owner(), reason));
    }

    /**
     * A co-owner approves the measure at {@code approvedVersion}, which must be its current version: one conditional
     * write that stores the approval with its event. Approving again what it already approved stores nothing.
     *
     * @throws NotCoOwnerException         when the actor is not a co-owner of the plan (the owner's staff included)
     * @throws StaleApprovalException      when the measure is no longer at {@code approvedVersion}
     * @throws JointMeasureStatusException when the measure is adopted or archived
     */
    public Measure approve(String planId, String measureId, long approvedVersion, Actor actor, String comment) {
        PlanHolders holders = holdersOf(planId, measureId);
        MunicipalityRef coOwner = holders.coOwner(actor.partnerId());
        Measure current = get(planId, measureId);
        Measure approved = current.approve(coOwner, approvedVersion, actor.subject(), clock.instant(), holders);
        if (approved == current) {
            return current;
        }
        return save(approved, current.version(), events.approved(current, approved, comment, holders),
                actual -> new StaleApprovalException(measureId, approvedVersion, actual));
    }

    /** The holders of the measure's plan; a plan that is not there has no measures either. */
    private PlanHolders holdersOf(String planId, String measureId) {
        return holders.of(planId).orElseThrow(() -> new MeasureNotFoundException(planId, measureId));
    }

    /**
     * Applies one step to the measure at the expected version and stores it with the event it produces; the measure
     * is read from the store unless this instance wrote that version itself ({@link RememberedMeasures}).
     */
    private Measure change(String planId, String measureId, long expectedVersion, UnaryOperator<Measure> step,
                           BiFunction<Measure, Measure, OutboxEvent> eventOf) {
        Measure current = written.at(MeasureStore.aggregateKey(planId, measureId), expectedVersion)
                .orElseGet(() -> get(planId, measureId));
        if (current.version() != expectedVersion) {
            throw new StaleVersionException(measureId, expectedVersion, current.version());
        }
        Measure changed = step.apply(current);
        return save(changed, expectedVersion, eventOf.apply(current, changed),
                actual -> new StaleVersionException(measureId, expectedVersion, actual));
    }

    /**
     * Stores the changed measure with its event if the measure is still at {@code expectedVersion}, and hands the
     * event to the relay; when another write got there first, {@code staleAt} makes the refusal of the version found.
     */
    private Measure save(Measure changed, long expectedVersion, OutboxEvent event,
                         LongFunction<RuntimeException> staleAt) {
        String key = MeasureStore.aggregateKey(changed.planId(), changed.measureId());
        if (!store.replace(changed, expectedVersion, event)) {
            written.forget(key);
            throw staleAt.apply(store.find(changed.planId(), changed.measureId()).map(Measure::version).orElse(-1L));
        }
        written.remember(changed);
        relay.relay(key, event);
        return changed;
    }
}
