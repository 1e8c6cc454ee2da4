package jp.renkei.sync.fanout;

import java.util.List;
import java.util.function.Consumer;
import jp.renkei.messaging.consume.EventDecoder;
import jp.renkei.sync.delivery.ConsumedOffsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.stream.config.ListenerContainerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.messaging.Message;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The Kafka bindings {@code planEvents-in-0}, {@code consultationEvents-in-0} and {@code collaborationEvents-in-0}
 * (this service's own responses, answers and requests for views, fanned out like the others; see
 * application.yml),
 * in batch mode: each poll's records are fanned out together, and its offsets committed in the Kafka transaction
 * that puts their deliveries on the delivery topic, after they are stored.
 */
@Configuration(proxyBeanMethods = false)
class EventConsumers {

    private static final Logger log = LoggerFactory.getLogger(EventConsumers.class);

    @Bean
    Consumer<Message<List<byte[]>>> planEvents(EventFanOut fanOut, EventDecoder decoder) {
        return batch -> fanOut.accept(decoder.events(batch), ConsumedOffsets.of(batch.getHeaders()));
    }

    @Bean
    Consumer<Message<List<byte[]>>> consultationEvents(EventFanOut fanOut, EventDecoder decoder) {
        return batch -> fanOut.accept(decoder.events(batch), ConsumedOffsets.of(batch.getHeaders()));
    }

    @Bean
    Consumer<Message<List<byte[]>>> collaborationEvents(EventFanOut fanOut, EventDecoder decoder) {
        return batch -> fanOut.accept(decoder.events(batch), ConsumedOffsets.of(batch.getHeaders()));
    }

    /**
     * A batch that could not be stored (the store is down) is read again and again, its offsets uncommitted, until it
     * is: skipping it would lose its events. The binder's own retry does not apply to batches.
     */
    @Bean
    ListenerContainerCustomizer<AbstractMessageListenerContainer<?, ?>> retryBatchesUntilStored() {
        return (container, destination, group) -> {
            ExponentialBackOff backOff = new ExponentialBackOff(500, 2);
            backOff.setMaxInterval(30_000);
            DefaultErrorHandler retry = new DefaultErrorHandler(backOff);
            retry.setRetryListeners(new RetryListener() {
                @Override
                public void failedDelivery(ConsumerRecord<?, ?> record, Exception failure, int attempt) {
                    log.warn("{}: a record not stored (attempt {}), read again: {}", destination, attempt,
                            failure.getMessage());
                }

                @Override
                public void failedDelivery(ConsumerRecords<?, ?> records, Exception failure, int attempt) {
                    log.warn("{}: {} records not stored (attempt {}), read again: {}", destination, records.count(),
                            attempt, failure.getMessage());
                }
            });
            container.setCommonErrorHandler(retry);
        };
    }
}
