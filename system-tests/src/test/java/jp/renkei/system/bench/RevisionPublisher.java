package jp.renkei.system.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import jp.renkei.contracts.events.CloudEvent;
import jp.renkei.contracts.events.PlanEventTypes;
import jp.renkei.contracts.events.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes {@code measure.revised.v1} events as plan-service does (CloudEvents binary mode, keyed by measure) with
 * a plain Kafka producer, each measure's versions counting up, and notes when each event was handed to the producer.
 */
final class RevisionPublisher implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;
    private final Map<String, Long> nextVersion = new ConcurrentHashMap<>();
    private final Map<String, Long> sentNanos = new ConcurrentHashMap<>();
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    RevisionPublisher(String bootstrapServers) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Publishes the next revision of the measure, with the tags that decide which partners subscribe; its event id. */
    String publish(String measureId, List<String> tags) {
        long version = nextVersion.merge(measureId, 1L, Long::sum) + 1;
        String data = "{\"planId\":\"abashiri-comprehensive-plan\",\"goalNumber\":5,\"areaId\":\"5-2\",\"measureId\":\""
                + measureId + "\",\"tags\":[" + tags.stream().map(tag -> "\"" + tag + "\"")
                .collect(Collectors.joining(",")) + "],\"version\":" + version
                + ",\"basicPolicy\":\"第" + version + "版：多様な連携による課題解決に取り組みます①\"}";
        CloudEvent event = new CloudEvent(UUID.randomUUID().toString(),
                PlanEventTypes.source("abashiri", "abashiri-comprehensive-plan"), PlanEventTypes.MEASURE_REVISED,
                PlanEventTypes.measureSubject(measureId), Instant.now(), Long.toString(version), measureId,
                data.getBytes(StandardCharsets.UTF_8));
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(Topics.PLAN_EVENTS,
                measureId.getBytes(StandardCharsets.UTF_8), event.data());
        event.kafkaHeaders().forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        sentNanos.put(event.id(), System.nanoTime());
        producer.send(record, (metadata, exception) -> {
            if (exception != null) {
                failure.compareAndSet(null, exception);
            }
        });
        return event.id();
    }

    /** Waits until the broker has everything published so far; fails if any send failed. */
    void flush() {
        producer.flush();
        if (failure.get() != null) {
            throw new IllegalStateException("the broker refused an event", failure.get());
        }
    }

    long sentNanos(String eventId) {
        return sentNanos.get(eventId);
    }

    @Override
    public void close() {
        producer.close();
    }
}
