package jp.renkei.plan.measure;

import java.time.Clock;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import jp.renkei.plan.outbox.OutboxEvent;
import jp.renkei.plan.outbox.OutboxRelay;
import org.springframework.stereotype.Service;

/** Reads and changes measures; each accepted change is stored with its event and handed to the relay. */
@Service
public class MeasureService {

    private final MeasureStore store;
    private final MeasureEvents events;
    private final OutboxRelay relay;
    private final Clock clock;

    public MeasureService(MeasureStore store, MeasureEvents events, OutboxRelay relay, Clock clock) {
        this.store = store;
        this.events = events;
        this.relay = relay;
        this.clock = clock;
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
        if (!store.insert(measure, events.created(measure, reason))) {
            throw new MeasureAlreadyExistsException(request.planId(), request.measureId());
        }
        relay.relaySoon(MeasureStore.aggregateKey(measure.planId(), measure.measureId()));
        return measure;
    }

    /**
     * Replaces the content of a measure that is still at {@code expectedVersion}.
     *
     * @throws MeasureNotFoundException     when there is no such measure
     * @throws StaleVersionException        when the measure has moved on since the caller read it
     * @throws ForbiddenTransitionException when the measure is archived
     */
    public Measure revise(String planId, String measureId, long expectedVersion, MeasureContent content,
                          String editor, String reason) {
        return change(planId, measureId, expectedVersion, current -> current.revise(content, editor, clock.instant()),
                (before, after) -> events.revised(before, after, before.changedSections(content), reason));
    }

    /**
     * Moves a measure that is still at {@code expectedVersion} to another lifecycle status.
     *
     * @throws ForbiddenTransitionException when the lifecycle does not allow the step
     */
    public Measure changeStatus(String planId, String measureId, long expectedVersion, MeasureStatus target,
                                String editor, String reason) {
        return change(planId, measureId, expectedVersion,
                current -> current.changeStatus(target, editor, clock.instant()),
                (before, after) -> events.statusChanged(before, after, reason));
    }

    /** Applies one step to the measure at the expected version and stores it with the event it produces. */
    private Measure change(String planId, String measureId, long expectedVersion, UnaryOperator<Measure> step,
                           BiFunction<Measure, Measure, OutboxEvent> eventOf) {
        Measure current = get(planId, measureId);
        if (current.version() != expectedVersion) {
            throw new StaleVersionException(measureId, expectedVersion, current.version());
        }
        Measure changed = step.apply(current);
        if (!store.replace(changed, expectedVersion, eventOf.apply(current, changed))) {
            long actual = store.find(planId, measureId).map(Measure::version).orElse(-1L);
            throw new StaleVersionException(measureId, expectedVersion, actual);
        }
        relay.relaySoon(MeasureStore.aggregateKey(planId, measureId));
        return changed;
    }
}
