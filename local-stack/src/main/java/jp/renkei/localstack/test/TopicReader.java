package jp.renkei.localstack.test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a topic of the shared test infrastructure from the beginning with a consumer group of its own, as any outside
 * client would: record keys, headers and values as UTF-8 text. For tests; poll inside an Awaitility condition.
 */
public final class TopicReader implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<Record> seen = new ArrayList<>();

    public TopicReader(String topic) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RenkeiInfrastructure.shared().bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
    }

    /** Polls once and returns everything seen so far that matches, in the order read. */
    public List<Record> poll(Predicate<Record> filter) {
        consumer.poll(Duration.ofMillis(200)).forEach(record -> seen.add(Record.of(record)));
        return seen.stream().filter(filter).toList();
    }

    /** Polls once and returns everything seen so far with this record key (one aggregate's events, in order). */
    public List<Record> withKey(String key) {
        return poll(record -> key.equals(record.key()));
    }

    @Override
    public void close() {
        consumer.close();
    }

    /** One record: key, headers and value as text. */
    public record Record(String key, Map<String, String> headers, String value, int partition, long offset) {

        static Record of(ConsumerRecord<byte[], byte[]> record) {
            Map<String, String> headers = new HashMap<>();
            for (Header header : record.headers()) {
                headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
            return new Record(record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8), headers,
                    new String(record.value(), StandardCharsets.UTF_8), record.partition(), record.offset());
        }

        /** The CloudEvents type ({@code ce_type}). */
        public String type() {
            return headers.get("ce_type");
        }

        /** The aggregate version ({@code ce_sequence}). */
        public long sequence() {
            return Long.parseLong(headers.get("ce_sequence"));
        }
    }
}
