package jp.renkei.consultation;

import java.time.Clock;
import java.time.Duration;
import jp.renkei.consultation.cases.ConsultationStore;
import jp.renkei.consultation.outbox.DocumentOutbox;
import jp.renkei.consultation.outbox.Outbox;
import jp.renkei.consultation.participation.ParticipationStore;
import jp.renkei.consultation.participation.Tally;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;

@Configuration(proxyBeanMethods = false)
@EnableScheduling
class ConsultationServiceConfiguration {

    /** The consultations' pending events, relayed by {@code OutboxRelay}. */
    @Bean
    Outbox consultationOutbox(MongoTemplate mongo) {
        return new DocumentOutbox(mongo, ConsultationStore.COLLECTION, id -> !Tally.isTallyId(id));
    }

    /** The participation tallies' pending events, relayed by {@code OutboxRelay}. */
    @Bean
    Outbox participationOutbox(MongoTemplate mongo) {
        return new DocumentOutbox(mongo, ParticipationStore.COLLECTION, Tally::isTallyId);
    }

    /** Millisecond ticks: what MongoDB stores, so a time read back equals the time that went into the event. */
    @Bean
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));
    }
}
