package jp.renkei.plan.outbox;

import java.nio.charset.StandardCharsets;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Component;

/**
 * Sends events to {@code renkei.plan.events} in CloudEvents binary mode, keyed by the aggregate id. The binding
 * is synchronous (see plan-service.yml), so a return means the broker has the record.
 */
@Component
class KafkaEventPublisher implements EventPublisher {

    static final String BINDING = "planEvents-out-0";

    private final StreamBridge streamBridge;

    KafkaEventPublisher(StreamBridge streamBridge) {
        this.streamBridge = streamBridge;
    }

    @Override
    public void publish(OutboxEvent event) {
        var cloudEvent = event.toCloudEvent();
        Message<byte[]> message = MessageBuilder.withPayload(cloudEvent.data())
                .copyHeaders(cloudEvent.kafkaHeaders())
                .setHeader(KafkaHeaders.KEY, event.partitionKey().getBytes(StandardCharsets.UTF_8))
                .build();
        if (!streamBridge.send(BINDING, message)) {
            throw new IllegalStateException("the binder refused event " + event.eventId());
        }
    }
}
