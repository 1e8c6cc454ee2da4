package jp.renkei.localstack.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RenkeiInfrastructureExtension.class)
class RenkeiInfrastructureTest {

    @Test
    void providesKafkaAndMongoAndTheSpringPropertiesThatPointAtThem(RenkeiInfrastructure infrastructure) throws Exception {
        assertThat(infrastructure).isSameAs(RenkeiInfrastructure.shared());
        assertThat(infrastructure.isRunning()).isTrue();
        Map<String, Object> properties = infrastructure.springProperties("plan");
        assertThat(properties).containsOnlyKeys("spring.kafka.bootstrap-servers", "spring.mongodb.uri");
        assertThat(properties.get("spring.kafka.bootstrap-servers")).isEqualTo(infrastructure.bootstrapServers());
        assertThat(properties.get("spring.mongodb.uri")).isEqualTo(infrastructure.mongoUri("plan"));
        if (infrastructure.mode().equals("embedded")) {
            assertThat(infrastructure.bootstrapServers()).matches("127\\.0\\.0\\.1:\\d+");
            assertThat(infrastructure.mongoUri("plan")).matches("mongodb://127\\.0\\.0\\.1:\\d+/plan");
        }

        String topic = "renkei.infrastructure.test";
        Properties producerConfig = new Properties();
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.bootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
            ProducerRecord<String, String> record = new ProducerRecord<>(topic, "consultation-1", "{}");
            record.headers().add("ce_id", "event-1".getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();
        }
        Properties consumerConfig = new Properties();
        consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.bootstrapServers());
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                return !received.isEmpty();
            });
        }
        assertThat(received.get(0).key()).isEqualTo("consultation-1");

        try (MongoClient client = MongoClients.create(infrastructure.mongoUri("plan"))) {
            client.getDatabase("plan").getCollection("measures").insertOne(new Document("_id", "5-2-2"));
            assertThat(client.getDatabase("plan").getCollection("measures").countDocuments()).isEqualTo(1);
        }
    }
}
