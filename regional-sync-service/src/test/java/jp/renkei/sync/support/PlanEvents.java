package jp.renkei.sync.support;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;
import jp.renkei.contracts.events.CloudEvent;
import jp.renkei.contracts.events.PlanEventTypes;
import jp.renkei.contracts.events.Topics;
import jp.renkei.localstack.test.RenkeiInfrastructure;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Plan events as plan-service publishes them, written to the topic by a plain Kafka producer. */
public final class PlanEvents {

    private PlanEvents() {
    }

    /** A {@code measure.revised.v1} of a test's own measure, with the routing attributes regional-sync reads. */
    public static CloudEvent revision(String measureId, long version, List<String> tags) {
        return revision("abashiri-comprehensive-plan", measureId, version, tags);
    }

    /** A {@code measure.revised.v1} of a measure of the plan {@code planId}. */
    public static CloudEvent revision(String planId, String measureId, long version, List<String> tags) {
        String data = "{\"planId\":\"" + planId + "\",\"goalNumber\":5,\"areaId\":\"5-2\",\"measureId\":\""
                + measureId + "\",\"tags\":[" + tags.stream().map(tag -> "\"" + tag + "\"").collect(Collectors.joining(","))
                + "],\"version\":" + version + ",\"note\":\"第" + version + "版：全角１２３①\"}";
        return new CloudEvent(UUID.randomUUID().toString(), PlanEventTypes.source("abashiri", planId),
                PlanEventTypes.MEASURE_REVISED, PlanEventTypes.measureSubject(measureId), Instant.now(),
                Long.toString(version), measureId, data.getBytes(StandardCharsets.UTF_8));
    }

    /** Revisions {@code from} to {@code to} of one measure, in version order. */
    public static List<CloudEvent> revisions(String measureId, int from, int to, List<String> tags) {
        List<CloudEvent> revisions = new ArrayList<>();
        for (int version = from; version <= to; version++) {
            revisions.add(revision(measureId, version, tags));
        }
        return revisions;
    }

    /** Writes the events in binary mode, keyed by measure, and returns once the broker has them. */
    public static void publish(List<CloudEvent> events) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, RenkeiInfrastructure.shared().bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (CloudEvent event : events) {
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(Topics.PLAN_EVENTS,
                        event.partitionKey().getBytes(StandardCharsets.UTF_8), event.data());
                event.kafkaHeaders().forEach((name, value) -> record.headers().add(name,
                        value.getBytes(StandardCharsets.UTF_8)));
                producer.send(record);
            }
            producer.flush();
        }
    }
}
