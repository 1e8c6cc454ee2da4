package jp.renkei.sync.delivery;

import static jp.renkei.sync.support.PlanEvents.publish;
import static jp.renkei.sync.support.PlanEvents.revision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import jp.renkei.contracts.events.CloudEvent;
import jp.renkei.contracts.webhooks.WebhookSignature;
import jp.renkei.localstack.test.RenkeiInfrastructure;
import jp.renkei.localstack.test.RenkeiInfrastructureExtension;
import jp.renkei.sync.event.EventStore;
import jp.renkei.sync.event.StoredEvent;
import jp.renkei.sync.fanout.EventFanOut;
import jp.renkei.sync.support.NoDeliveryWarnings;
import jp.renkei.sync.support.StandInPartner;
import jp.renkei.sync.support.StandInPartner.Received;
import jp.renkei.sync.support.TestSettings;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.stream.binder.Binding;
import org.springframework.cloud.stream.binding.BindingsLifecycleController;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The fan-out hands the deliveries of a new event to its own instance's dispatcher in memory, so that a partner gets
 * a revision without waiting for the delivery topic's transaction and fetch (issue #11's latency); the record that
 * follows on the topic finds the delivery handed over and sends nothing twice.
 */
@ExtendWith({RenkeiInfrastructureExtension.class, NoDeliveryWarnings.class})
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, useMainMethod = SpringBootTest.UseMainMethod.ALWAYS,
        properties = "renkei.sync.webhook-allow-list=127.0.0.1:*")
class HandOverIntegrationTest {

    private static final String DELIVERIES = DeliveryConsumer.BINDING;
    private static StandInPartner council;

    @Autowired
    BindingsLifecycleController bindings;
    @Autowired
    EventStore events;
    @Autowired
    DeliveryStore deliveries;
    @Autowired
    EventFanOut fanOut;
    @Value("${renkei.sync.delivery.topic}")
    String deliveryTopic;
    @Value("${renkei.sync.delivery.group}")
    String dispatchGroup;

    @BeforeAll
    static void partner() throws IOException {
        council = new StandInPartner("okhotsk-council", WebhookSignature.newSecret(new SecureRandom(), 32));
    }

    @AfterAll
    static void stop() {
        council.close();
    }

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestSettings.register(registry);
        council.registerAsBootstrapEndpoint(registry);
    }

    @Test
    void aNewRevisionReachesThePartnerWhileTheDeliveryTopicIsNotReadAndOnlyOnceAfterwards() throws Exception {
        String measure = "h-" + UUID.randomUUID().toString().substring(0, 6);
        // the dispatcher owns its partitions once something went out
        publish(List.of(revision(measure, 2, List.of("広域連携"))));
        await().atMost(Duration.ofSeconds(60)).until(() -> council.received(measure).size() == 1);

        // the dispatchers' consumer keeps its partitions but reads nothing more from the delivery topic
        bindings.pause(DELIVERIES);
        await().atMost(Duration.ofSeconds(30)).until(() -> bindings.queryState(DELIVERIES).stream()
                .allMatch(Binding::isPaused));
        long writtenBefore = written();
        CloudEvent next = revision(measure, 3, List.of("広域連携"));
        publish(List.of(next));
        await().atMost(Duration.ofSeconds(30)).until(() -> council.received(measure).size() == 2);
        // its record is written (perhaps only after the partner had the revision), and not read
        await().atMost(Duration.ofSeconds(30)).until(() -> written() > writtenBefore);
        assertThat(readToTheEnd()).as("the revision went before its delivery record was read").isFalse();

        bindings.resume(DELIVERIES);
        await().atMost(Duration.ofSeconds(30)).until(this::readToTheEnd);
        CloudEvent after = revision(measure, 4, List.of("広域連携"));
        publish(List.of(after));
        await().atMost(Duration.ofSeconds(30)).until(() -> council.received(measure).size() >= 3);
        assertThat(council.received(measure)).extracting(Received::sequence).containsExactly(2L, 3L, 4L);
        assertThat(council.received(measure)).extracting(Received::webhookId).doesNotHaveDuplicates()
                .contains(next.id(), after.id());
    }

    /**
     * A batch read again after its transaction aborted (the broker killed) holds an event received before, whose
     * delivery is in the store but in no line (its record was never committed, and the line that had it may have
     * been dropped in the rebalance), and later revisions received for the first time. The earlier one must go first:
     * handing over only the new ones let them overtake it (the fault suite found 33 arriving after 36).
     */
    @Test
    void aBatchReadAgainHandsOverTheRevisionItHadBeforeTheNewOnes() {
        String measure = "r-" + UUID.randomUUID().toString().substring(0, 6);
        publish(List.of(revision(measure, 2, List.of("広域連携"))));
        await().atMost(Duration.ofSeconds(60)).until(() -> council.received(measure).size() == 1);

        // what the aborted first reading left: the event and its delivery stored, the delivery in no line
        CloudEvent earlier = revision(measure, 3, List.of("広域連携"));
        Instant now = Instant.now();
        events.keepAll(List.of(StoredEvent.of(earlier, now)));
        deliveries.createAll(List.of(Delivery.pending("okhotsk-council", "okhotsk-council-bootstrap", earlier.id(),
                earlier.type(), earlier.subject(), 3, false, null, now)), delivery -> false);

        fanOut.accept(List.of(earlier, revision(measure, 4, List.of("広域連携")),
                revision(measure, 5, List.of("広域連携"))));

        await().atMost(Duration.ofSeconds(60)).until(() -> council.received(measure).size() >= 4);
        assertThat(council.received(measure)).extracting(Received::sequence).containsExactly(2L, 3L, 4L, 5L);
    }

    /** Whether the dispatchers' group has read and committed every record on the delivery topic. */
    private boolean readToTheEnd() throws Exception {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(dispatchGroup)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            // every write to the topic is a transaction, so each partition ends with its commit marker, which the
            // group's committed offset (the last record's plus one) stops short of
            return ends(admin).entrySet().stream().allMatch(end -> {
                OffsetAndMetadata position = committed.get(end.getKey());
                return end.getValue() == 0 || position != null && position.offset() >= end.getValue() - 1;
            });
        }
    }

    /** How much has been written to the delivery topic: its end offsets, summed. */
    private long written() throws Exception {
        try (Admin admin = admin()) {
            return ends(admin).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private Map<TopicPartition, Long> ends(Admin admin) throws Exception {
        Map<TopicPartition, OffsetSpec> partitions = admin.describeTopics(List.of(deliveryTopic)).allTopicNames()
                .get(10, TimeUnit.SECONDS).get(deliveryTopic).partitions().stream()
                .collect(Collectors.toMap(partition -> new TopicPartition(deliveryTopic, partition.partition()),
                        partition -> OffsetSpec.latest()));
        return admin.listOffsets(partitions).all().get(10, TimeUnit.SECONDS).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, end -> end.getValue().offset()));
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                RenkeiInfrastructure.shared().bootstrapServers()));
    }
}
