package jp.renkei.plan.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;
import jp.renkei.contracts.events.Topics;
import jp.renkei.localstack.test.RenkeiInfrastructure;
import jp.renkei.localstack.test.RenkeiInfrastructureExtension;
import jp.renkei.localstack.test.TopicReader;
import jp.renkei.plan.measure.Measure;
import jp.renkei.plan.measure.MeasureContent;
import jp.renkei.plan.measure.MeasureEvents;
import jp.renkei.plan.measure.MeasureService;
import jp.renkei.plan.measure.MeasureStatus;
import jp.renkei.plan.measure.MeasureStore;
import jp.renkei.plan.measure.NewMeasure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The outbox against a real store and broker. The application's own sweeper is slowed to once an hour here, so
 * events left pending reach Kafka only through the relays the tests start, as a restarted process or a second
 * instance would run them.
 */
@ExtendWith(RenkeiInfrastructureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, useMainMethod = SpringBootTest.UseMainMethod.ALWAYS,
        properties = "renkei.plan.outbox.sweep-interval=1h")
class OutboxRelayIntegrationTest {

    private static final String PLAN = "abashiri-comprehensive-plan";

    @Autowired
    MeasureService measures;
    @Autowired
    MeasureStore store;
    @Autowired
    MeasureEvents events;
    @Autowired
    Outbox outbox;
    @Autowired
    LaneLeases leases;
    @Autowired
    EventPublisher publisher;
    @Autowired
    List<PublishedEventListener> listeners;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        RenkeiInfrastructure.shared().springProperties("plan-" + UUID.randomUUID())
                .forEach((name, value) -> registry.add(name, () -> value));
    }

    @Test
    void eventsWrittenByAProcessThatDiedBeforePublishingGoOutAfterARestartInOrder() throws InterruptedException {
        Measure measure = newMeasure();
        writeWithoutRelaying(measure, 5);
        String key = MeasureStore.aggregateKey(PLAN, measure.measureId());
        assertThat(outbox.pending(key)).extracting(OutboxEvent::sequence).containsExactly(2L, 3L, 4L, 5L, 6L);

        // the restarted process: a relay of its own, sweeping what the outbox holds
        OutboxRelay restarted = restartedRelay();
        try {
            restarted.sweep();

            assertThat(sequencesOnTheTopic(measure.measureId(), 6)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
            await().atMost(Duration.ofSeconds(30)).until(() -> outbox.pending(key).isEmpty());
        } finally {
            restarted.destroy();
        }
    }

    @Test
    void twoInstancesRelayingTheSameOutboxPublishEachAggregateInOrder() throws InterruptedException {
        Measure first = newMeasure();
        Measure second = newMeasure();
        writeWithoutRelaying(first, 20);
        writeWithoutRelaying(second, 20);

        OutboxRelay one = restartedRelay();
        OutboxRelay other = restartedRelay();
        try {
            CompletableFuture.allOf(CompletableFuture.runAsync(one::sweep), CompletableFuture.runAsync(other::sweep),
                    CompletableFuture.runAsync(one::sweep), CompletableFuture.runAsync(other::sweep)).join();

            List<Long> expected = LongStream.rangeClosed(1, 21).boxed().toList();
            assertThat(sequencesOnTheTopic(first.measureId(), 21)).isEqualTo(expected);
            assertThat(sequencesOnTheTopic(second.measureId(), 21)).isEqualTo(expected);
        } finally {
            one.destroy();
            other.destroy();
        }
    }

    @Test
    void aThousandRevisionsOfOneMeasureArriveInVersionOrder() {
        Measure measure = newMeasure();
        Measure current = measure;
        for (int i = 1; i <= 1000; i++) {
            current = measures.revise(PLAN, measure.measureId(), current.version(),
                    content("改訂 " + i + " 回目：全角１２３と①を含む"), "editor", "第" + i + "版");
        }

        assertThat(sequencesOnTheTopic(measure.measureId(), 1001))
                .isEqualTo(LongStream.rangeClosed(1, 1001).boxed().toList());
    }

    /** A measure of the test's own, its creation event already relayed. */
    private Measure newMeasure() {
        Measure created = measures.create(new NewMeasure("abashiri", PLAN, 5, "5-2", "o-" + UUID.randomUUID().toString()
                .substring(0, 8), "⑨", content("初版"), MeasureStatus.DRAFT), "editor", null);
        String key = MeasureStore.aggregateKey(PLAN, created.measureId());
        await().atMost(Duration.ofSeconds(30)).until(() -> outbox.pending(key).isEmpty());
        return created;
    }

    /** Revisions stored with their events, as a process writes them just before it dies, before its relay runs. */
    private void writeWithoutRelaying(Measure measure, int revisions) {
        Measure current = measure;
        for (int i = 1; i <= revisions; i++) {
            MeasureContent content = content("未送信の改訂 " + i);
            Measure revised = current.revise(content, "editor", Instant.now());
            assertThat(store.replace(revised, current.version(),
                    events.revised(current, revised, current.changedSections(content), null, null))).isTrue();
            current = revised;
        }
    }

    private OutboxRelay restartedRelay() {
        return new OutboxRelay(outbox, leases, publisher, listeners, new OutboxProperties(Duration.ofHours(1),
                Duration.ofSeconds(30), 2));
    }

    /** The sequences of the measure's records on the topic, in topic order, once {@code count} have arrived. */
    private static List<Long> sequencesOnTheTopic(String measureId, int count) {
        try (TopicReader topic = new TopicReader(Topics.PLAN_EVENTS)) {
            return await().atMost(Duration.ofSeconds(90)).until(
                    () -> topic.poll(event -> measureId.equals(event.key())).stream()
                            .map(TopicReader.Record::sequence).toList(),
                    sequences -> sequences.size() >= count);
        }
    }

    private static MeasureContent content(String basicPolicy) {
        return new MeasureContent("アウトボックスの検証", List.of("現状。"), basicPolicy, List.of(), List.of(), List.of(),
                List.of("広域連携"));
    }
}
