package jp.renkei.plan.outbox;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import jp.renkei.contracts.events.CloudEvent;
import jp.renkei.contracts.events.CloudEventHeaders;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessagingException;
import org.springframework.messaging.SubscribableChannel;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Component;

/**
 * Sends events to {@code renkei.plan.events} in CloudEvents binary mode, keyed by the aggregate id, without waiting
 * for each: the binding is asynchronous (see plan-service.yml) and tells of each acknowledged record on
 * {@value PublisherChannels#SENT} and of each failed one on {@value PublisherChannels#FAILED}; the event's id
 * ({@code ce_id}) ties the answer to the future {@link #publish} returned. A future nobody answers fails after a
 * while, so the event stays in the outbox and is sent again.
 */
@Component
class KafkaEventPublisher implements EventPublisher {

    static final String BINDING = "planEvents-out-0";
    private static final long UNANSWERED_AFTER_SECONDS = 60;

    private final StreamBridge streamBridge;
    private final Map<String, CompletableFuture<Void>> awaiting = new ConcurrentHashMap<>();

    KafkaEventPublisher(StreamBridge streamBridge, @Qualifier(PublisherChannels.SENT) SubscribableChannel sent,
                        @Qualifier(PublisherChannels.FAILED) SubscribableChannel failed) {
        this.streamBridge = streamBridge;
        sent.subscribe(message -> answer(message, null));
        failed.subscribe(message -> {
            if (message.getPayload() instanceof MessagingException failure && failure.getFailedMessage() != null) {
                answer(failure.getFailedMessage(), failure);
            }
        });
    }

    @Override
    public CompletableFuture<Void> publish(OutboxEvent event) {
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        awaiting.put(event.eventId(), acknowledged);
        acknowledged.orTimeout(UNANSWERED_AFTER_SECONDS, TimeUnit.SECONDS)
                .whenComplete((ignored, failure) -> awaiting.remove(event.eventId(), acknowledged));
        CloudEvent cloudEvent = event.toCloudEvent();
        Message<byte[]> message = MessageBuilder.withPayload(cloudEvent.data())
                .copyHeaders(cloudEvent.kafkaHeaders())
                .setHeader(KafkaHeaders.KEY, event.partitionKey().getBytes(StandardCharsets.UTF_8))
                .build();
        try {
            if (!streamBridge.send(BINDING, message)) {
                acknowledged.completeExceptionally(new IllegalStateException("the binder refused event "
                        + event.eventId()));
            }
        } catch (RuntimeException e) {
            acknowledged.completeExceptionally(e);
        }
        return acknowledged;
    }

    private void answer(Message<?> message, Throwable failure) {
        Object id = message.getHeaders().get(CloudEventHeaders.ID);
        String eventId = id instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8)
                : id == null ? null : id.toString();
        CompletableFuture<Void> future = eventId == null ? null : awaiting.get(eventId);
        if (future == null) {
            return;
        }
        if (failure == null) {
            future.complete(null);
        } else {
            future.completeExceptionally(failure);
        }
    }
}
