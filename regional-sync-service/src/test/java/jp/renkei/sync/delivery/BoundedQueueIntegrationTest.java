package jp.renkei.sync.delivery;

import static jp.renkei.sync.support.PlanEvents.publish;
import static jp.renkei.sync.support.PlanEvents.revision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import jp.renkei.contracts.events.CloudEvent;
import jp.renkei.contracts.webhooks.WebhookSignature;
import jp.renkei.localstack.test.RenkeiInfrastructureExtension;
import jp.renkei.sync.support.NoDeliveryWarnings;
import jp.renkei.sync.support.StandInPartner;
import jp.renkei.sync.support.StandInPartner.Received;
import jp.renkei.sync.support.TestSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A partner's backlog larger than the dispatcher holds in memory for one endpoint (here 8): the rest waits in the
 * store and is read as the line runs low, so a partner down for days costs no more heap, and when it is back it gets
 * everything, each measure's revisions in version order, each once; and that however far the recording of what it
 * accepted lags behind (the store still lists those as pending, among the oldest); and with no warning from the
 * delivery path through the outage and the recovery.
 */
@ExtendWith({RenkeiInfrastructureExtension.class, NoDeliveryWarnings.class})
@DirtiesContext
@Import(BoundedQueueIntegrationTest.HeldRecordings.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, useMainMethod = SpringBootTest.UseMainMethod.ALWAYS,
        properties = {"renkei.sync.delivery.retry-schedule=0s,300ms,300ms,300ms,300ms,300ms,300ms,300ms,300ms,300ms,300ms,300ms",
                "renkei.sync.delivery.circuit-breaker.open-for=500ms",
                "renkei.sync.delivery.max-queued-per-endpoint=8",
                "renkei.sync.metrics-refresh-interval=100ms",
                "renkei.sync.webhook-allow-list=127.0.0.1:*"})
class BoundedQueueIntegrationTest {

    private static final int MEASURES = 4;
    private static final int REVISIONS_EACH = 10;

    private static final AtomicBoolean RECORDINGS_HELD = new AtomicBoolean();
    private static StandInPartner ozora;

    @Autowired
    MeterRegistry meters;

    @BeforeAll
    static void partner() throws IOException {
        ozora = new StandInPartner("ozora", WebhookSignature.newSecret(new SecureRandom(), 32));
    }

    @AfterAll
    static void stop() {
        ozora.close();
    }

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestSettings.register(registry);
        ozora.registerAsBootstrapEndpoint(registry);
    }

    /**
     * The store as it is, except that recording accepted deliveries waits while {@link #RECORDINGS_HELD}: a store
     * slow to take the dispatcher's writes, as on a busy machine.
     */
    @TestConfiguration(proxyBeanMethods = false)
    static class HeldRecordings {

        @Bean
        @Primary
        DeliveryStore recordingWhenLetGo(MongoTemplate mongo) {
            return new DeliveryStore(mongo) {
                @Override
                void deliveredAll(List<Delivered> delivered) {
                    await().atMost(Duration.ofSeconds(120)).untilFalse(RECORDINGS_HELD);
                    super.deliveredAll(delivered);
                }
            };
        }
    }

    @AfterEach
    void letRecordingsGo() {
        RECORDINGS_HELD.set(false);
    }

    @Test
    void aBacklogFiveTimesWhatTheLineHoldsArrivesWholeAndInOrderOnceThePartnerIsBack() {
        deliverABacklogFiveTimesTheLine(() -> {
        });
    }

    @Test
    void aLineRunningLowIsFilledAlthoughWhatThePartnerAcceptedIsNotRecordedYet() {
        deliverABacklogFiveTimesTheLine(() -> RECORDINGS_HELD.set(true));
    }

    /** {@code beforeThePartnerIsBack} runs once the whole backlog waits, the line full and the rest in the store. */
    private void deliverABacklogFiveTimesTheLine(Runnable beforeThePartnerIsBack) {
        AtomicBoolean down = new AtomicBoolean(true);
        ozora.status = () -> down.get() ? 503 : 200;
        String run = UUID.randomUUID().toString().substring(0, 6);
        List<String> measures = new ArrayList<>();
        List<CloudEvent> revisions = new ArrayList<>();
        for (int m = 0; m < MEASURES; m++) {
            measures.add("bq-" + run + "-" + m);
        }
        // interleaved, as edits of several measures arrive: the line's limit falls in the middle of every measure
        for (int version = 2; version < 2 + REVISIONS_EACH; version++) {
            for (String measure : measures) {
                revisions.add(revision(measure, version, List.of("広域連携")));
            }
        }
        publish(revisions);
        await().atMost(Duration.ofSeconds(30)).until(() -> measures.stream()
                .mapToInt(measure -> ozora.refused(measure).size()).sum() >= 3);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(backlogOfOzora())
                .as("the 8 in line and the 32 the line left in the store").isEqualTo(MEASURES * REVISIONS_EACH));
        assertThat(meters.get("renkei.sync.partner.oldest.pending.age").tag("partner", "ozora").gauge().value())
                .as("the oldest waits in line, and is known").isPositive();

        beforeThePartnerIsBack.run();
        down.set(false);

        await().atMost(Duration.ofSeconds(90)).until(() -> measures.stream()
                .allMatch(measure -> ozora.received(measure).size() >= REVISIONS_EACH));
        List<Long> inOrder = new ArrayList<>();
        for (long version = 2; version < 2 + REVISIONS_EACH; version++) {
            inOrder.add(version);
        }
        for (String measure : measures) {
            assertThat(ozora.received(measure)).as(measure).extracting(Received::sequence)
                    .containsExactlyElementsOf(inOrder);
        }
        List<String> webhookIds = measures.stream().flatMap(measure -> ozora.received(measure).stream())
                .map(Received::webhookId).toList();
        assertThat(webhookIds).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(revisions.stream().map(CloudEvent::id).toList());
        RECORDINGS_HELD.set(false);
        await().atMost(Duration.ofSeconds(30)).until(() -> backlogOfOzora() == 0);
    }

    private double backlogOfOzora() {
        return meters.get("renkei.sync.partner.backlog").tag("partner", "ozora").gauge().value();
    }
}
