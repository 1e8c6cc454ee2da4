package jp.renkei.sync.delivery;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.MessageHeaders;

/**
 * Where a consumer stands after one batch: committed in the same Kafka transaction as the records the batch produced,
 * so that either both happen or neither does.
 *
 * @param group the consumer's group generation, so that a consumer that lost its partitions meanwhile cannot commit
 */
public record ConsumedOffsets(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group) {

    /** From the headers of a batch as the Kafka binder hands it over (one topic, partition and offset per record). */
    @SuppressWarnings("unchecked")
    public static ConsumedOffsets of(MessageHeaders batch) {
        List<String> topics = (List<String>) batch.get(KafkaHeaders.RECEIVED_TOPIC);
        List<Integer> partitions = (List<Integer>) batch.get(KafkaHeaders.RECEIVED_PARTITION);
        List<Long> offsets = (List<Long>) batch.get(KafkaHeaders.OFFSET);
        Consumer<?, ?> consumer = (Consumer<?, ?>) batch.get(KafkaHeaders.CONSUMER);
        if (topics == null || partitions == null || offsets == null || consumer == null) {
            throw new IllegalArgumentException("not a batch from a Kafka consumer: " + batch.keySet());
        }
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        for (int i = 0; i < offsets.size(); i++) {
            next.merge(new TopicPartition(topics.get(i), partitions.get(i)), new OffsetAndMetadata(offsets.get(i) + 1),
                    (one, other) -> one.offset() >= other.offset() ? one : other);
        }
        return new ConsumedOffsets(Map.copyOf(next), consumer.groupMetadata());
    }
}
