package jp.renkei.sync.delivery;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import jp.renkei.sync.SyncProperties;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The internal delivery topic: one record per delivery, keyed by endpoint id, so that one endpoint's records stay in
 * one partition and the dispatcher that owns that partition (one consumer group) owns the endpoint's queue. Every
 * write is a Kafka transaction; the dispatchers read committed records only.
 *
 * <p>Each instance has a transactional id prefix of its own: instances must not fence each other. A consumer that
 * lost its partitions is fenced by its group generation instead ({@link ConsumedOffsets#group()}).
 */
@Component
public class DeliveryTopic implements DisposableBean {

    private final String topic;
    private final JsonMapper json;
    private final DefaultKafkaProducerFactory<String, byte[]> producers;
    private final KafkaTemplate<String, byte[]> template;

    DeliveryTopic(SyncProperties properties, KafkaProperties kafka, JsonMapper json) {
        this.topic = properties.delivery().topic();
        this.json = json;
        Map<String, Object> settings = kafka.buildProducerProperties();
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.producers = new DefaultKafkaProducerFactory<>(settings, new StringSerializer(), new ByteArraySerializer());
        producers.setTransactionIdPrefix("regional-sync-" + UUID.randomUUID() + "-");
        this.template = new KafkaTemplate<>(producers);
    }

    /** The topic with as many partitions as instances can usefully share it; more instances than that stand by. */
    static NewTopic definition(SyncProperties.Delivery delivery) {
        return new NewTopic(delivery.topic(), delivery.topicPartitions(), (short) -1);
    }

    /** Queues new deliveries created outside a consumer (a replay). */
    public void queue(List<Delivery> deliveries) {
        queue(deliveries, delivery -> false);
    }

    /**
     * Queues deliveries created outside a consumer.
     *
     * @param queuedBefore which of them may have been queued before (their event was read before)
     */
    public void queue(List<Delivery> deliveries, Predicate<Delivery> queuedBefore) {
        if (!deliveries.isEmpty()) {
            template.executeInTransaction(operations -> send(operations, deliveries, queuedBefore));
        }
    }

    /**
     * Queues deliveries and commits the consumer offsets of the batch they came from, in one transaction.
     *
     * @param queuedBefore which of them may have been queued before (their event was read before)
     */
    public void queue(List<Delivery> deliveries, Predicate<Delivery> queuedBefore, ConsumedOffsets consumed) {
        template.executeInTransaction(operations -> {
            send(operations, deliveries, queuedBefore);
            operations.sendOffsetsToTransaction(consumed.offsets(), consumed.group());
            return null;
        });
    }

    /**
     * Tells the owner of each endpoint that the endpoint or its pending deliveries changed in the store, whichever
     * instance that is; call it after the change is stored.
     */
    public void changed(Collection<String> endpointIds, String reason) {
        if (endpointIds.isEmpty()) {
            return;
        }
        template.executeInTransaction(operations -> {
            endpointIds.forEach(endpointId -> operations.send(record(QueueRecord.changed(endpointId, reason))));
            return null;
        });
    }

    public void changed(String endpointId, String reason) {
        changed(List.of(endpointId), reason);
    }

    private Void send(KafkaOperations<String, byte[]> operations, List<Delivery> deliveries,
                      Predicate<Delivery> queuedBefore) {
        deliveries.forEach(delivery -> operations.send(record(QueueRecord.of(delivery,
                queuedBefore.test(delivery)))));
        return null;
    }

    private ProducerRecord<String, byte[]> record(QueueRecord value) {
        return new ProducerRecord<>(topic, value.endpointId(), json.writeValueAsBytes(value));
    }

    @Override
    public void destroy() {
        producers.destroy();
    }
}
