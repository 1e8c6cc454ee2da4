package jp.renkei.consultation;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import jp.renkei.consultation.cases.ConsultationStore;
import jp.renkei.consultation.participation.ParticipationStore;
import jp.renkei.consultation.participation.Tally;
import jp.renkei.messaging.outbox.Outbox;
import jp.renkei.messaging.outbox.OutboxesByKey;
import jp.renkei.support.web.RequestBodyLimit;
import jp.renkei.support.web.RequestIdLogging;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.util.unit.DataSize;

@Configuration(proxyBeanMethods = false)
@EnableScheduling
class ConsultationServiceConfiguration {

    /** Millisecond ticks: what MongoDB stores, so a time read back equals the time that went into the event. */
    /** The gateway's request id in every log line of a request. */
    @Bean
    RequestIdLogging requestIdLogging() {
        return new RequestIdLogging();
    }

    /** The consultations' and participation tallies' pending events, relayed by the messaging module's relay. */
    @Bean
    Outbox outbox(ConsultationStore consultations, ParticipationStore tallies) {
        return new OutboxesByKey(List.of(new OutboxesByKey.Part(Tally::isTallyId, tallies.outbox()),
                new OutboxesByKey.Part(id -> true, consultations.outbox())));
    }

    @Bean
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));
    }

    @Bean
    RequestBodyLimit requestBodyLimit(@Value("${renkei.consultation.max-request-size:256KB}") DataSize limit) {
        return new RequestBodyLimit(limit.toBytes());
    }
}
