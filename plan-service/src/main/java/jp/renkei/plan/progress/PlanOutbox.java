package jp.renkei.plan.progress;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.renkei.plan.outbox.Outbox;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Primary;
import org.springframework.stereotype.Component;

/**
 * The relay's one outbox over both kinds of aggregate plan-service writes: measures and their progress. Each keeps
 * its pending events in its own documents; this sends each key to the store that holds it (progress keys end in
 * {@link ProgressStore#KEY_SUFFIX}).
 */
@Primary
@Component
class PlanOutbox implements Outbox {

    private final Outbox measures;
    private final MongoProgressStore progress;

    PlanOutbox(@Qualifier("mongoMeasureStore") Outbox measures, MongoProgressStore progress) {
        this.measures = measures;
        this.progress = progress;
    }

    @Override
    public List<jp.renkei.plan.outbox.OutboxEvent> pending(String aggregateKey) {
        return storeOf(aggregateKey).pending(aggregateKey);
    }

    @Override
    public void markPublished(Map<String, List<String>> eventIdsByAggregate) {
        Map<String, List<String>> ofMeasures = new LinkedHashMap<>();
        Map<String, List<String>> ofProgress = new LinkedHashMap<>();
        eventIdsByAggregate.forEach((key, ids) -> (isProgress(key) ? ofProgress : ofMeasures).put(key, ids));
        measures.markPublished(ofMeasures);
        progress.markPublished(ofProgress);
    }

    @Override
    public List<String> aggregatesWithPendingEvents() {
        List<String> keys = new ArrayList<>(measures.aggregatesWithPendingEvents());
        keys.addAll(progress.aggregatesWithPendingEvents());
        return keys;
    }

    private Outbox storeOf(String aggregateKey) {
        return isProgress(aggregateKey) ? progress : measures;
    }

    private static boolean isProgress(String aggregateKey) {
        return aggregateKey.endsWith(ProgressStore.KEY_SUFFIX);
    }
}
