package jp.renkei.plan.progress;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import jp.renkei.contracts.consultation.ParticipationTallied;
import jp.renkei.contracts.events.CloudEvent;
import jp.renkei.contracts.events.ConsultationEventTypes;
import jp.renkei.messaging.consume.EventDecoder;
import jp.renkei.plan.measure.MeasureNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/**
 * Records consultation-service's participation tallies ({@code jp.renkei.consultation.participation-tallied.v1} on
 * {@code renkei.consultation.events}, binding {@code consultationEvents-in-0}, group {@code plan-service}) as actuals
 * of the indicators marked {@link IndicatorFeed#CONSULTATION_PARTICIPATION}: opinions plus hearing records of the
 * measure in the fiscal year. Records are keyed by the measure id, so one measure's tallies arrive in order at one
 * consumer of the group; the progress remembers the last tally applied per year, so a redelivered or older one
 * changes nothing. Other consultation events are not for plan-service and are passed over.
 */
@Configuration(proxyBeanMethods = false)
class ParticipationFeed {

    private static final Logger log = LoggerFactory.getLogger(ParticipationFeed.class);
    private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");

    @Bean
    Consumer<Message<byte[]>> consultationEvents(ProgressService progress, EventDecoder decoder) {
        return message -> {
            Optional<CloudEvent> event = decoder.event(message)
                    .filter(candidate -> ConsultationEventTypes.PARTICIPATION_TALLIED.equals(candidate.type()));
            Optional<ParticipationTallied> tally = event.flatMap(tallied -> decoder.data(tallied,
                    ParticipationTallied.class));
            if (tally.isEmpty()) {
                return;
            }
            String eventId = event.get().id();
            ParticipationTallied data = tally.get();
            String planId = data.planId();
            String measureId = data.measureId();
            long opinions = data.opinionCount();
            long hearingRecords = data.hearingRecordCount();
            try {
                List<Actual> recorded = progress.recordFed(planId, measureId, new ProgressService.FedFigure(
                        IndicatorFeed.CONSULTATION_PARTICIPATION,
                        FiscalYear.of(data.fiscalYear(), "fiscalYear"),
                        data.tallyVersion(), eventId, BigDecimal.valueOf(opinions + hearingRecords),
                        LocalDate.ofInstant(data.asOf(), JAPAN),
                        "意見 " + opinions + "件・広聴記録 " + hearingRecords + "件"));
                log.debug("participation tally {} of {} {}: {} actuals recorded", eventId, planId, measureId,
                        recorded.size());
            } catch (MeasureNotFoundException | InvalidProgressException notForThisPlan) {
                log.warn("participation tally {} of {} {} not recorded: {}", eventId, planId, measureId,
                        notForThisPlan.getMessage());
            }
        };
    }
}
