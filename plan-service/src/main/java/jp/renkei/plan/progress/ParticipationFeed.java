package jp.renkei.plan.progress;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Consumer;
import jp.renkei.contracts.events.CloudEvent;
import jp.renkei.contracts.events.ConsultationEventTypes;
import jp.renkei.plan.measure.MeasureNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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
    Consumer<Message<byte[]>> consultationEvents(ProgressService progress, JsonMapper json) {
        return message -> {
            CloudEvent event;
            try {
                event = CloudEvent.fromKafkaHeaders(message.getHeaders(), message.getPayload());
            } catch (IllegalArgumentException notACloudEvent) {
                log.warn("skipped a record that is not a CloudEvent: {}", notACloudEvent.getMessage());
                return;
            }
            if (!ConsultationEventTypes.PARTICIPATION_TALLIED.equals(event.type())) {
                return;
            }
            JsonNode data;
            try {
                data = json.readTree(event.data());
            } catch (JacksonException notJson) {
                // retrying would not make it readable, and would hold up the measures behind it in the partition
                log.warn("skipped participation tally {}: its data is not JSON: {}", event.id(), notJson.getMessage());
                return;
            }
            String planId = data.path("planId").asString();
            String measureId = data.path("measureId").asString();
            long opinions = data.path("opinionCount").asLong();
            long hearingRecords = data.path("hearingRecordCount").asLong();
            try {
                List<Actual> recorded = progress.recordFed(planId, measureId, new ProgressService.FedFigure(
                        IndicatorFeed.CONSULTATION_PARTICIPATION,
                        FiscalYear.of(data.path("fiscalYear").asInt(), "fiscalYear"),
                        data.path("tallyVersion").asLong(), event.id(), BigDecimal.valueOf(opinions + hearingRecords),
                        LocalDate.ofInstant(Instant.parse(data.path("asOf").asString()), JAPAN),
                        "意見 " + opinions + "件・広聴記録 " + hearingRecords + "件"));
                log.debug("participation tally {} of {} {}: {} actuals recorded", event.id(), planId, measureId,
                        recorded.size());
            } catch (MeasureNotFoundException | InvalidProgressException notForThisPlan) {
                log.warn("participation tally {} of {} {} not recorded: {}", event.id(), planId, measureId,
                        notForThisPlan.getMessage());
            }
        };
    }
}
