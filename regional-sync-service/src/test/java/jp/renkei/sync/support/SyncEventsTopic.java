package jp.renkei.sync.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import jp.renkei.contracts.events.CloudEvent;
import jp.renkei.contracts.events.Topics;
import jp.renkei.localstack.test.RenkeiInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads {@code renkei.sync.events} from the beginning with a plain Kafka consumer, as an operator's alerting would. */
public final class SyncEventsTopic {

    private SyncEventsTopic() {
    }

    /** Everything on the topic now, as CloudEvents with the record key as partition key. */
    public static List<CloudEvent> readAll() {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RenkeiInfrastructure.shared().bootstrapServers());
        List<CloudEvent> events = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            // assigned, not subscribed: no consumer group to join, so a read takes milliseconds
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.SYNC_EVENTS).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    Map<String, Object> headers = new HashMap<>();
                    for (Header header : record.headers()) {
                        headers.put(header.key(), header.value());
                    }
                    CloudEvent event = CloudEvent.fromKafkaHeaders(headers, record.value());
                    events.add(new CloudEvent(event.id(), event.source(), event.type(), event.subject(), event.time(),
                            event.sequence(), new String(record.key(), StandardCharsets.UTF_8), event.data()));
                }
            }
        }
        return events;
    }
}
