package jp.renkei.sync.fanout;

import java.util.function.Consumer;
import jp.renkei.contracts.events.CloudEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;

/** The Kafka bindings: {@code planEvents-in-0} and {@code consultationEvents-in-0} (see regional-sync-service.yml). */
@Configuration(proxyBeanMethods = false)
class EventConsumers {

    private static final Logger log = LoggerFactory.getLogger(EventConsumers.class);

    @Bean
    Consumer<Message<byte[]>> planEvents(EventFanOut fanOut) {
        return message -> fanOut(message, fanOut);
    }

    @Bean
    Consumer<Message<byte[]>> consultationEvents(EventFanOut fanOut) {
        return message -> fanOut(message, fanOut);
    }

    private static void fanOut(Message<byte[]> message, EventFanOut fanOut) {
        CloudEvent event;
        try {
            event = CloudEvent.fromKafkaHeaders(message.getHeaders(), message.getPayload());
        } catch (IllegalArgumentException notACloudEvent) {
            // a record outside the contract cannot be routed; retrying would not change that
            log.warn("skipped a record that is not a CloudEvent: {}", notACloudEvent.getMessage());
            return;
        }
        log.debug("record {}-{}@{}: {} {}", message.getHeaders().get(KafkaHeaders.RECEIVED_TOPIC),
                message.getHeaders().get(KafkaHeaders.RECEIVED_PARTITION), message.getHeaders().get(KafkaHeaders.OFFSET),
                event.type(), event.id());
        fanOut.accept(event);
    }
}
