package jp.renkei.consultation;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import jp.renkei.consultation.cases.ConsultationStore;
import jp.renkei.consultation.participation.ParticipationStore;
import jp.renkei.consultation.participation.Tally;
import jp.renkei.messaging.outbox.Outbox;
import jp.renkei.messaging.outbox.OutboxesByKey;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

@Configuration(proxyBeanMethods = false)
@EnableScheduling
class ConsultationServiceConfiguration {

    /** The consultations' and participation tallies' pending events, relayed by the messaging module's relay. */
    @Bean
    Outbox outbox(ConsultationStore consultations, ParticipationStore tallies) {
        return new OutboxesByKey(List.of(new OutboxesByKey.Part(Tally::isTallyId, tallies.outbox()),
                new OutboxesByKey.Part(id -> true, consultations.outbox())));
    }

    /** Millisecond ticks: what MongoDB stores, so a time read back equals the time that went into the event. */
    @Bean
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));
    }
}
