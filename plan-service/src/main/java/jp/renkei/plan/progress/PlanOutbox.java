package jp.renkei.plan.progress;

import java.util.List;
import jp.renkei.messaging.outbox.Outbox;
import jp.renkei.messaging.outbox.OutboxesByKey;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * The relay's one outbox over both kinds of aggregate plan-service writes: measures and their progress. Each keeps
 * its pending events in its own documents; progress keys end in {@link ProgressStore#KEY_SUFFIX}.
 */
@Configuration(proxyBeanMethods = false)
class PlanOutbox {

    @Bean
    @Primary
    Outbox outbox(@Qualifier("mongoMeasureStore") Outbox measures, MongoProgressStore progress) {
        return new OutboxesByKey(List.of(
                new OutboxesByKey.Part(key -> key.endsWith(ProgressStore.KEY_SUFFIX), progress),
                new OutboxesByKey.Part(key -> true, measures)));
    }
}
