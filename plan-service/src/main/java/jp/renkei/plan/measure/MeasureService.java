package jp.renkei.plan.measure;

import java.time.Clock;
import java.util.List;
import jp.renkei.plan.outbox.OutboxEvent;
import jp.renkei.plan.outbox.OutboxRelay;
import org.springframework.stereotype.Service;

/** Reads and revises measures; each accepted change is stored with its event and handed to the relay. */
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
     * Replaces the content of a measure that is still at {@code expectedVersion}.
     *
     * @throws MeasureNotFoundException when there is no such measure
     * @throws StaleVersionException    when the measure has moved on since the caller read it
     */
    public Measure revise(String planId, String measureId, long expectedVersion, MeasureContent content,
                          String editor, String reason) {
        Measure current = get(planId, measureId);
        if (current.version() != expectedVersion) {
            throw new StaleVersionException(measureId, expectedVersion, current.version());
        }
        Measure revised = current.revise(content, editor, clock.instant());
        OutboxEvent event = events.revised(current, revised, current.changedSections(content), reason);
        if (!store.replace(revised, expectedVersion, event)) {
            long actual = store.find(planId, measureId).map(Measure::version).orElse(-1L);
            throw new StaleVersionException(measureId, expectedVersion, actual);
        }
        relay.relaySoon(MeasureStore.aggregateKey(planId, measureId));
        return revised;
    }
}
