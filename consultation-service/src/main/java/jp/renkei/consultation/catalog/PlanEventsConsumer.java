package jp.renkei.consultation.catalog;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import jp.renkei.contracts.events.CloudEvent;
import jp.renkei.contracts.events.PlanEventTypes;
import jp.renkei.contracts.plan.MeasureSnapshot;
import jp.renkei.messaging.consume.EventDecoder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/**
 * Keeps the measure catalog from {@code renkei.plan.events} (binding {@code planEvents-in-0}): every measure event
 * carries the measure's snapshot ({@link MeasureSnapshot}) in its {@code measure} field.
 */
@Configuration(proxyBeanMethods = false)
class PlanEventsConsumer {

    @Bean
    Consumer<Message<byte[]>> planEvents(MeasureCatalog catalog, List<MeasureRevisionListener> listeners,
                                         EventDecoder decoder, Clock clock) {
        return message -> {
            Optional<CloudEvent> decoded = decoder.event(message)
                    .filter(event -> event.type().startsWith(PlanEventTypes.PREFIX + "measure."));
            if (decoded.isEmpty()) {
                return;
            }
            CloudEvent event = decoded.get();
            Optional<MeasureSnapshot> snapshot = decoder.dataField(event, "measure", MeasureSnapshot.class);
            if (snapshot.isEmpty()) {
                return;
            }
            MeasureSnapshot measure = snapshot.get();
            catalog.apply(new CatalogMeasure(measure.planId() + "/" + measure.measureId(), measure.planId(),
                    measure.goalNumber(), measure.areaId(), measure.measureId(), measure.title(),
                    measure.tags() == null ? List.of() : measure.tags(), measure.status(), measure.version(),
                    event.id(), event.type(), clock.instant()));
            if (event.type().equals(PlanEventTypes.MEASURE_REVISED)) {
                // after the catalog has the new version; the listeners are idempotent, so a redelivery is harmless
                listeners.forEach(listener -> listener.measureRevised(measure.planId(), measure.measureId(),
                        measure.version(), event.id()));
            }
        };
    }
}
