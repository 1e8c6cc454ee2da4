package jp.renkei.messaging.outbox;

import static jp.renkei.messaging.MessagingTestApplication.LETTERS;
import static jp.renkei.messaging.MessagingTestApplication.NOTES;
import static jp.renkei.messaging.MessagingTestApplication.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import jp.renkei.localstack.test.RenkeiInfrastructure;
import jp.renkei.localstack.test.RenkeiInfrastructureExtension;
import jp.renkei.localstack.test.TopicReader;
import jp.renkei.messaging.MessagingTestApplication;
import jp.renkei.messaging.publish.EventPublisher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The one outbox relay against the real broker and the real MongoDB-wire store. The application's own relay sweeps
 * once an hour here, so events written straight into the store reach Kafka only through the relays the tests start,
 * as a restarted process or a second instance would run them.
 */
@ExtendWith(RenkeiInfrastructureExtension.class)
@SpringBootTest(classes = MessagingTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
class OutboxRelayIntegrationTest {

    private static final Instant TIME = Instant.parse("2026-12-06T03:00:00Z");

    @Autowired
    MongoTemplate mongo;
    @Autowired
    Outbox outbox;
    @Autowired
    MongoDocumentOutbox letters;
    @Autowired
    LaneLeases leases;
    @Autowired
    EventPublisher publisher;
    @Autowired
    OutboxRelay applicationRelay;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        RenkeiInfrastructure.shared().springProperties("messaging-" + UUID.randomUUID())
                .forEach((name, value) -> registry.add(name, () -> value));
    }

    @Test
    void publishesTheEventsHandedOverAndRemovesThemOnceAcknowledged() {
        String key = "note-" + UUID.randomUUID();
        List<OutboxEvent> events = write(NOTES, key, 3);

        events.forEach(event -> applicationRelay.relay(key, event));

        await().atMost(Duration.ofSeconds(60)).until(() -> outbox.pending(key).isEmpty());
        List<TopicReader.Record> records = recordsOnTheTopic(key, 3);
        assertThat(records).extracting(TopicReader.Record::sequence).containsExactly(1L, 2L, 3L);
        TopicReader.Record first = records.get(0);
        assertThat(first.headers()).containsEntry("ce_id", events.get(0).eventId())
                .containsEntry("ce_specversion", "1.0").containsEntry("ce_type", "jp.renkei.test.noted.v1")
                .containsEntry("ce_source", "/municipalities/abashiri/notes").containsEntry("ce_subject", "notes/" + key)
                .containsEntry("ce_time", TIME.toString()).containsEntry("ce_sequence", "1")
                .containsEntry("ce_partitionkey", key).containsEntry("content-type", "application/json")
                .doesNotContainKeys("spring_json_header_types", "contentType");
        assertThat(first.value()).isEqualTo(events.get(0).data());
    }

    /** A record the producer refuses (larger than max.request.size): it and every later event stay in the outbox. */
    @Test
    void keepsWhatTheBrokerDidNotAcknowledge() {
        String key = "note-" + UUID.randomUUID();
        OutboxEvent accepted = event(key, 1, "{\"note\":\"受理\"}");
        OutboxEvent refused = event(key, 2, "{\"note\":\"" + "大".repeat(40_000) + "\"}");
        OutboxEvent after = event(key, 3, "{\"note\":\"後続\"}");
        List.of(accepted, refused, after).forEach(event -> store(NOTES, key, event));

        applicationRelay.relaySoon(key);

        await().atMost(Duration.ofSeconds(90)).until(() -> outbox.pending(key).size() == 2);
        assertThat(outbox.pending(key)).extracting(OutboxEvent::eventId)
                .containsExactly(refused.eventId(), after.eventId());
        assertThat(recordsOnTheTopic(key, 1)).extracting(TopicReader.Record::sequence).startsWith(1L)
                .doesNotContain(2L);
    }

    /** An event that can never be published (no source) stays, without holding up the other aggregates of its lane. */
    @Test
    void anUnpublishableEventStaysWithoutHoldingUpItsLane() throws InterruptedException {
        String broken = "note-" + UUID.randomUUID();
        String healthy = "note-" + UUID.randomUUID();
        store(NOTES, broken, new OutboxEvent(UUID.randomUUID().toString(), "jp.renkei.test.noted.v1", null,
                "notes/" + broken, broken, 1L, TIME, "{}"));
        write(NOTES, healthy, 2);
        OutboxRelay oneLane = new OutboxRelay(outbox, leases, publisher, List.of(),
                new OutboxProperties("test-outbox-single", Duration.ofHours(1), Duration.ofSeconds(30), 1));
        try {
            oneLane.relaySoon(broken);
            oneLane.relaySoon(healthy);

            await().atMost(Duration.ofSeconds(60)).until(() -> outbox.pending(healthy).isEmpty());
            assertThat(recordsOnTheTopic(healthy, 2)).extracting(TopicReader.Record::sequence).containsExactly(1L, 2L);
            assertThat(outbox.pending(broken)).hasSize(1);
        } finally {
            oneLane.destroy();
        }
    }

    @Test
    void twoRelaysCompetingForTheSameOutboxPublishEachEventOnceInOrder() throws InterruptedException {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            keys.add("note-" + UUID.randomUUID());
            write(NOTES, keys.get(i), 20);
        }
        OutboxRelay one = relay(publisher, leases, Duration.ofSeconds(30));
        OutboxRelay other = relay(publisher, leases, Duration.ofSeconds(30));
        try {
            // both sweep at once, again and again, as two instances' sweepers do
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
                CompletableFuture.allOf(CompletableFuture.runAsync(one::sweep),
                        CompletableFuture.runAsync(other::sweep)).join();
                return keys.stream().allMatch(key -> outbox.pending(key).isEmpty());
            });
            List<Long> expected = LongStream.rangeClosed(1, 20).boxed().toList();
            for (String key : keys) {
                assertThat(recordsOnTheTopic(key, 20)).extracting(TopicReader.Record::sequence).isEqualTo(expected);
            }
        } finally {
            one.destroy();
            other.destroy();
        }
    }

    /**
     * A relay that stops in the middle of a batch (it sent some events, then neither waits for their acknowledgement,
     * nor renews its lease, nor gives it up, as a killed process would): once its lease expires, a second relay
     * takes the lane over and publishes everything, in order; nothing is lost.
     */
    @Test
    void aRelayKilledMidBatchIsTakenOverAfterItsLeaseExpires() throws InterruptedException {
        String key = "note-" + UUID.randomUUID();
        write(NOTES, key, 10);
        CountDownLatch killed = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        AtomicInteger sent = new AtomicInteger();
        EventPublisher diesAfterFour = event -> {
            if (sent.incrementAndGet() <= 4) {
                return publisher.publish(event);
            }
            killed.countDown();
            awaitQuietly(never);
            return CompletableFuture.failedFuture(new IllegalStateException("the process is gone"));
        };
        LaneLeases neverReleased = new LaneLeases() {
            @Override
            public boolean hold(String lane, String owner, Duration lease) {
                return leases.hold(lane, owner, lease);
            }

            @Override
            public void release(String lane, String owner) {
                // a killed process gives nothing up
            }
        };
        Duration lease = Duration.ofSeconds(3);
        OutboxRelay dying = relay(diesAfterFour, neverReleased, lease);
        OutboxRelay survivor = relay(publisher, leases, lease);
        try {
            dying.relaySoon(key);
            assertThat(killed.await(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(outbox.pending(key)).hasSize(10);

            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
                survivor.sweep();
                return outbox.pending(key).isEmpty();
            });

            List<Long> sequences = recordsOnTheTopic(key, 10).stream().map(TopicReader.Record::sequence).toList();
            // the dying relay's four may be on the topic twice (at least once); in first-seen order, all ten in order
            assertThat(new ArrayList<>(new LinkedHashSet<>(sequences)))
                    .isEqualTo(LongStream.rangeClosed(1, 10).boxed().toList());
        } finally {
            never.countDown();
            dying.destroy();
            survivor.destroy();
        }
    }

    /** A collection that grows with history is not scanned: the sweep finds only the documents its writers marked. */
    @Test
    void theSweepOfAMarkedCollectionReadsOnlyTheMarkedDocuments() throws InterruptedException {
        String marked = "letter-" + UUID.randomUUID();
        String unmarked = "letter-" + UUID.randomUUID();
        letters.expect(marked);
        write(LETTERS, marked, 2);
        write(LETTERS, unmarked, 2);

        assertThat(outbox.aggregatesWithPendingEvents()).contains(marked).doesNotContain(unmarked);
        OutboxRelay restarted = relay(publisher, leases, Duration.ofSeconds(30));
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                restarted.sweep();
                return outbox.pending(marked).isEmpty();
            });
            assertThat(recordsOnTheTopic(marked, 2)).extracting(TopicReader.Record::sequence).containsExactly(1L, 2L);
            assertThat(outbox.pending(unmarked)).hasSize(2);
        } finally {
            restarted.destroy();
        }
    }

    private OutboxRelay relay(EventPublisher publisher, LaneLeases leases, Duration lease) {
        return new OutboxRelay(outbox, leases, publisher, List.of(),
                new OutboxProperties("test-outbox", Duration.ofHours(1), lease, 2));
    }

    /** Events stored with their change, as a process writes them just before it dies, before its relay runs. */
    private List<OutboxEvent> write(String collection, String key, int count) {
        List<OutboxEvent> events = new ArrayList<>();
        for (int sequence = 1; sequence <= count; sequence++) {
            OutboxEvent event = event(key, sequence, "{\"note\":\"第" + sequence + "版：網走市と大空町①\"}");
            store(collection, key, event);
            events.add(event);
        }
        return events;
    }

    private void store(String collection, String key, OutboxEvent event) {
        mongo.upsert(query(where("_id").is(key)), MongoDocumentOutbox.push(new Update().set("version",
                event.sequence()), List.of(event)), collection);
    }

    private static OutboxEvent event(String key, long sequence, String data) {
        return new OutboxEvent(UUID.randomUUID().toString(), "jp.renkei.test.noted.v1",
                "/municipalities/abashiri/notes", "notes/" + key, key, sequence, TIME, data);
    }

    /** The aggregate's records on the topic, in topic order, once at least {@code count} have arrived. */
    private static List<TopicReader.Record> recordsOnTheTopic(String key, int count) {
        try (TopicReader topic = new TopicReader(TOPIC)) {
            return await().atMost(Duration.ofSeconds(90)).until(() -> topic.withKey(key),
                    records -> records.size() >= count);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        }
    }

}
