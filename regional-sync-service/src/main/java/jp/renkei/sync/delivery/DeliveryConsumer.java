package jp.renkei.sync.delivery;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import jp.renkei.sync.SyncProperties;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.stream.binder.kafka.KafkaBindingRebalanceListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;
import tools.jackson.databind.json.JsonMapper;

/**
 * The binding {@code deliveries-in-0} (see application.yml): the dispatchers of all instances are one
 * consumer group on the delivery topic, reading committed records only. Its records go to the dispatcher's queues and
 * the offsets are committed after each poll: the deliveries are in the store before their records are written, so a
 * committed offset loses nothing, and a new owner reads the pending ones from the store.
 */
@Configuration(proxyBeanMethods = false)
class DeliveryConsumer {

    static final String BINDING = "deliveries-in-0";
    private static final Logger log = LoggerFactory.getLogger(DeliveryConsumer.class);

    @Bean
    NewTopic deliveryTopicDefinition(SyncProperties properties) {
        return DeliveryTopic.definition(properties.delivery());
    }

    @Bean
    Consumer<Message<List<byte[]>>> deliveries(DeliveryDispatcher dispatcher, JsonMapper json) {
        return batch -> {
            List<QueueRecord> records = new ArrayList<>(batch.getPayload().size());
            for (byte[] payload : batch.getPayload()) {
                try {
                    records.add(json.readValue(payload, QueueRecord.class));
                } catch (RuntimeException unreadable) {
                    // nothing this service wrote; reading it again would not change that
                    log.warn("skipped a record on the delivery topic that is not one: {}", unreadable.getMessage());
                }
            }
            dispatcher.accept(records);
        };
    }

    /** Hands the endpoints of assigned and revoked partitions to and from the dispatcher. */
    @Bean
    KafkaBindingRebalanceListener deliveryOwnership(DeliveryDispatcher dispatcher) {
        return new KafkaBindingRebalanceListener() {
            @Override
            public void onPartitionsAssigned(String bindingName, org.apache.kafka.clients.consumer.Consumer<?, ?> consumer,
                                             Collection<TopicPartition> partitions, boolean initial) {
                if (BINDING.equals(bindingName) && !partitions.isEmpty()) {
                    String topic = partitions.iterator().next().topic();
                    dispatcher.assigned(numbers(partitions), consumer.partitionsFor(topic).size());
                }
            }

            @Override
            public void onPartitionsRevokedBeforeCommit(String bindingName,
                                                        org.apache.kafka.clients.consumer.Consumer<?, ?> consumer,
                                                        Collection<TopicPartition> partitions) {
                if (BINDING.equals(bindingName)) {
                    dispatcher.revoked(numbers(partitions));
                }
            }
        };
    }

    private static List<Integer> numbers(Collection<TopicPartition> partitions) {
        return partitions.stream().map(TopicPartition::partition).toList();
    }
}
