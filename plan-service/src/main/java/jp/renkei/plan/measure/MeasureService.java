package jp.renkei.plan.measure;

import java.time.Clock;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
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
        OutboxEvent created = events.created(measure, reason);
        if (!store.insert(measure, created)) {
            throw new MeasureAlreadyExistsException(request.planId(), request.measureId());
        }
        relay.relay(MeasureStore.aggregateKey(measure.planId(), measure.measureId()), created);
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
        return revise(planId, measureId, expectedVersion, current -> content, editor, reason);
    }

    /**
     * Replaces the content of a measure that is still at {@code expectedVersion} with what {@code contentOf} makes
     * of the measure as it is (a merge patch, or a check of the request against it), reading the measure once.
     */
    public Measure revise(String planId, String measureId, long expectedVersion,
                          Function<Measure, MeasureContent> contentOf, String editor, String reason) {
        MeasureContent[] content = new MeasureContent[1];
        return change(planId, measureId, expectedVersion, current -> {
                    content[0] = contentOf.apply(current);
                    return current.revise(content[0], editor, clock.instant());
                },
                (before, after) -> events.revised(before, after, before.changedSections(content[0]), reason));
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
        OutboxEvent event = eventOf.apply(current, changed);
        if (!store.replace(changed, expectedVersion, event)) {
            long actual = store.find(planId, measureId).map(Measure::version).orElse(-1L);
            throw new StaleVersionException(measureId, expectedVersion, actual);
        }
        relay.relay(MeasureStore.aggregateKey(planId, measureId), event);
        return changed;
    }
}
