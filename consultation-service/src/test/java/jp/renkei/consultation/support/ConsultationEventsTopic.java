package jp.renkei.consultation.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import jp.renkei.contracts.events.Topics;
import jp.renkei.localstack.test.RenkeiInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads renkei.consultation.events from the beginning with a consumer of its own, as any outside client would. */
public final class ConsultationEventsTopic implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<Event> seen = new ArrayList<>();

    public ConsultationEventsTopic() {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RenkeiInfrastructure.shared().bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(Topics.CONSULTATION_EVENTS));
    }

    /** Polls once and returns everything seen so far that matches. */
    public List<Event> poll(Predicate<Event> filter) {
        consumer.poll(Duration.ofMillis(200)).forEach(record -> seen.add(Event.of(record)));
        return seen.stream().filter(filter).toList();
    }

    /** Everything seen so far about one consultation. */
    public List<Event> about(String consultationId) {
        return poll(event -> consultationId.equals(event.key()));
    }

    @Override
    public void close() {
        consumer.close();
    }

    public record Event(String key, Map<String, String> headers, String value) {

        static Event of(ConsumerRecord<byte[], byte[]> record) {
            Map<String, String> headers = new HashMap<>();
            for (Header header : record.headers()) {
                headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
            return new Event(record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8), headers,
                    new String(record.value(), StandardCharsets.UTF_8));
        }

        public String type() {
            return headers.get("ce_type");
        }
    }
}
