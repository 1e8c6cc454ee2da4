package jp.renkei.localstack.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerTest {

    @TempDir
    Path dataDir;

    @Test
    void producesAndConsumesRecordsWithKeysAndHeadersAndKeepsThemAcrossARestart() throws Exception {
        String topic = "renkei.test.events";
        String clusterId;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(dataDir).port(0).controllerPort(0).build().start()) {
            assertThat(broker.formattedOnStart()).isTrue();
            assertThat(broker.bootstrapServers()).startsWith("127.0.0.1:");
            clusterId = broker.clusterId();
            assertThat(Files.readString(dataDir.resolve("meta.properties"))).contains("cluster.id=" + clusterId);

            send(broker.bootstrapServers(), new ProducerRecord<>(topic, null, "5-2-2", "{\"version\":2}",
                    List.of(header("ce_id", "event-1"), header("ce_type", "jp.renkei.plan.measure.revised.v1"))));
            send(broker.bootstrapServers(), new ProducerRecord<>(topic, null, "5-1-3", "{\"version\":1}",
                    List.of(header("ce_id", "event-2"))));

            List<ConsumerRecord<String, String>> records = consumeAll(broker.bootstrapServers(), topic, 2);
            assertThat(records).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("5-2-2", "5-1-3");
            ConsumerRecord<String, String> revised = records.stream().filter(r -> r.key().equals("5-2-2")).findFirst().orElseThrow();
            assertThat(revised.value()).isEqualTo("{\"version\":2}");
            assertThat(headerValue(revised, "ce_id")).isEqualTo("event-1");
            assertThat(headerValue(revised, "ce_type")).isEqualTo("jp.renkei.plan.measure.revised.v1");
            // auto-created with the broker's default partition count
            assertThat(partitionCount(broker.bootstrapServers(), topic)).isEqualTo(3);
        }

        try (EmbeddedKafkaBroker restarted = EmbeddedKafkaBroker.builder().dataDir(dataDir).port(0).controllerPort(0).build().start()) {
            assertThat(restarted.formattedOnStart()).isFalse();
            assertThat(restarted.clusterId()).isEqualTo(clusterId);
            List<ConsumerRecord<String, String>> records = consumeAll(restarted.bootstrapServers(), topic, 2);
            assertThat(records).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("5-2-2", "5-1-3");
        }
    }

    @Test
    void bindsItsOwnPortsSoNothingCanTakeThemBetweenChoosingAndBinding() throws Exception {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(dataDir).port(0).controllerPort(0).build();
        // what another process would do to a port chosen before the broker binds it: take it first
        try (ServerSocket squatter = takeIfChosen(broker.port());
             ServerSocket controllerSquatter = takeIfChosen(broker.controllerPort());
             EmbeddedKafkaBroker started = broker.start()) {
            assertThat(started.port()).isPositive();
            assertThat(started.controllerPort()).isPositive().isNotEqualTo(started.port());
            assertThat(started.bootstrapServers()).isEqualTo("127.0.0.1:" + started.port());
            send(started.bootstrapServers(), new ProducerRecord<>("renkei.test.ports", "5-2-2", "{}"));
            assertThat(consumeAll(started.bootstrapServers(), "renkei.test.ports", 1)).hasSize(1);
        }
    }

    /** Binds the port on 127.0.0.1 if one was chosen (not 0). */
    private static ServerSocket takeIfChosen(int port) throws Exception {
        return port == 0 ? null : new ServerSocket(port, 1, InetAddress.getByName(EmbeddedKafkaBroker.HOST));
    }

    private static Header header(String key, String value) {
        return new RecordHeader(key, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String headerValue(ConsumerRecord<String, String> record, String key) {
        Header header = record.headers().lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void send(String bootstrap, ProducerRecord<String, String> record) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            producer.send(record).get();
        }
    }

    private static List<ConsumerRecord<String, String>> consumeAll(String bootstrap, String topic, int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                return received.size() >= expected;
            });
        }
        return received;
    }

    private static int partitionCount(String bootstrap, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
        }
    }
}
