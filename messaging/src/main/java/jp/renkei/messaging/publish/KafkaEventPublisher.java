package jp.renkei.messaging.publish;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import jp.renkei.contracts.events.CloudEvent;
import jp.renkei.contracts.events.CloudEventHeaders;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.core.env.Environment;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.channel.PublishSubscribeChannel;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessagingException;
import org.springframework.messaging.SubscribableChannel;
import org.springframework.messaging.support.MessageBuilder;

/**
 * Sends events through Spring Cloud Stream in CloudEvents binary mode ({@code ce_*} headers, the data as the record
 * value), keyed by the aggregate id, without waiting for each. Each output binding must be asynchronous and name a
 * {@code record-metadata-channel}: the binder tells of each acknowledged record there, and of each failed one on the
 * destination's error channel ({@code <destination>.errors}, which the binder uses when a bean of that name exists,
 * so this publisher registers it before the binding is made on the first send). The event's id ({@code ce_id}) ties
 * the answer to the future {@link #publish} returned. A future nobody answers fails after a while, so the event
 * stays in the outbox and is sent again.
 */
public final class KafkaEventPublisher implements EventPublisher {

    private static final long UNANSWERED_AFTER_SECONDS = 60;

    private final StreamBridge streamBridge;
    private final EventRoutes routes;
    private final Map<String, CompletableFuture<Void>> awaiting = new ConcurrentHashMap<>();

    public KafkaEventPublisher(StreamBridge streamBridge, EventRoutes routes, ConfigurableListableBeanFactory beans,
                               Environment environment) {
        this.streamBridge = streamBridge;
        this.routes = routes;
        for (String binding : routes.bindings()) {
            listenForOutcomes(binding, beans, environment);
        }
    }

    private void listenForOutcomes(String binding, ConfigurableListableBeanFactory beans, Environment environment) {
        String producer = "spring.cloud.stream.kafka.bindings." + binding + ".producer.";
        String sentChannel = environment.getProperty(producer + "record-metadata-channel");
        if (sentChannel == null || environment.getProperty(producer + "sync", Boolean.class, false)) {
            throw new IllegalStateException("binding " + binding + " must be asynchronous (" + producer
                    + "sync: false) and name a " + producer + "record-metadata-channel: the publisher learns of "
                    + "the broker's acknowledgements there");
        }
        String destination = environment.getProperty("spring.cloud.stream.bindings." + binding + ".destination",
                binding);
        channel(beans, sentChannel, DirectChannel::new).subscribe(message -> answer(message, null));
        channel(beans, destination + ".errors", PublishSubscribeChannel::new).subscribe(message -> {
            if (message.getPayload() instanceof MessagingException failure && failure.getFailedMessage() != null) {
                answer(failure.getFailedMessage(), failure);
            }
        });
    }

    private static SubscribableChannel channel(ConfigurableListableBeanFactory beans, String name,
                                               Supplier<SubscribableChannel> created) {
        if (beans.containsBean(name)) {
            return beans.getBean(name, SubscribableChannel.class);
        }
        SubscribableChannel channel = created.get();
        beans.registerSingleton(name, channel);
        return channel;
    }

    @Override
    public CompletableFuture<Void> publish(CloudEvent event) {
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        awaiting.put(event.id(), acknowledged);
        acknowledged.orTimeout(UNANSWERED_AFTER_SECONDS, TimeUnit.SECONDS)
                .whenComplete((ignored, failure) -> awaiting.remove(event.id(), acknowledged));
        try {
            // inside the try: an event that cannot be sent (no record key) fails alone, and stays in the outbox
            Message<byte[]> message = MessageBuilder.withPayload(event.data())
                    .copyHeaders(event.kafkaHeaders())
                    .setHeader(KafkaHeaders.KEY, event.partitionKey().getBytes(StandardCharsets.UTF_8))
                    .build();
            if (!streamBridge.send(routes.bindingOf(event), message)) {
                acknowledged.completeExceptionally(new IllegalStateException("the binder refused event "
                        + event.id()));
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
