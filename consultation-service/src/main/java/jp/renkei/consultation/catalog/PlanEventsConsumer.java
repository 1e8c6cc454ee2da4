package jp.renkei.consultation.catalog;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import jp.renkei.contracts.events.CloudEvent;
import jp.renkei.contracts.events.PlanEventTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Keeps the measure catalog from {@code renkei.plan.events} (binding {@code planEvents-in-0}). */
@Configuration(proxyBeanMethods = false)
class PlanEventsConsumer {

    private static final Logger log = LoggerFactory.getLogger(PlanEventsConsumer.class);

    @Bean
    Consumer<Message<byte[]>> planEvents(MeasureCatalog catalog, List<MeasureRevisionListener> listeners, JsonMapper json,
                                         Clock clock) {
        return message -> {
            CloudEvent event;
            try {
                event = CloudEvent.fromKafkaHeaders(message.getHeaders(), message.getPayload());
            } catch (IllegalArgumentException notACloudEvent) {
                log.warn("skipped a record that is not a CloudEvent: {}", notACloudEvent.getMessage());
                return;
            }
            if (!event.type().startsWith(PlanEventTypes.PREFIX + "measure.")) {
                return;
            }
            JsonNode measure = json.readTree(event.data()).path("measure");
            if (!measure.isObject()) {
                log.warn("event {} of type {} carries no measure snapshot; catalog unchanged", event.id(), event.type());
                return;
            }
            String planId = measure.path("planId").asString();
            String measureId = measure.path("measureId").asString();
            List<String> tags = new ArrayList<>();
            measure.path("tags").forEach(tag -> tags.add(tag.asString()));
            JsonNode goal = measure.path("goalNumber");
            catalog.apply(new CatalogMeasure(planId + "/" + measureId, planId, goal.canConvertToInt() ? goal.asInt() : null,
                    measure.path("areaId").isString() ? measure.path("areaId").asString() : null, measureId,
                    measure.path("title").asString(), tags, measure.path("status").asString(),
                    measure.path("version").asLong(), event.id(), event.type(), clock.instant()));
            if (event.type().equals(PlanEventTypes.MEASURE_REVISED)) {
                // after the catalog has the new version; the listeners are idempotent, so a redelivery is harmless
                listeners.forEach(listener -> listener.measureRevised(planId, measureId,
                        measure.path("version").asLong(), event.id()));
            }
        };
    }
}
