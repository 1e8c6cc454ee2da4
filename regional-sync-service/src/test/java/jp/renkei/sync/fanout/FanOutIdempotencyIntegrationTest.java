package jp.renkei.sync.fanout;

import static jp.renkei.sync.support.PlanEvents.publish;
import static jp.renkei.sync.support.PlanEvents.revision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import jp.renkei.contracts.events.CloudEvent;
import jp.renkei.contracts.webhooks.WebhookSignature;
import jp.renkei.localstack.test.RenkeiInfrastructureExtension;
import jp.renkei.sync.delivery.Delivery;
import jp.renkei.sync.delivery.DeliveryStore;
import jp.renkei.sync.event.EventStore;
import jp.renkei.sync.event.StoredEvent;
import jp.renkei.sync.feed.PartnerFeed;
import jp.renkei.sync.support.StandInPartner;
import jp.renkei.sync.support.TestSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Batch fan-out read twice (a crash before the offsets were committed, a rebalance, a producer's retry): the second
 * time creates no delivery, no feed entry and no webhook request, whether the first one's deliveries are still
 * pending or already delivered; and a batch whose events were stored but not fanned out is fanned out in full.
 */
@ExtendWith(RenkeiInfrastructureExtension.class)
// closed after the class: a context left running would keep its consumers, dispatcher and stand-ins busy
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, useMainMethod = SpringBootTest.UseMainMethod.ALWAYS,
        properties = {"renkei.sync.webhook-allow-list=127.0.0.1:*"})
class FanOutIdempotencyIntegrationTest {

    private static final String SECRET = WebhookSignature.newSecret(new SecureRandom(), 32);
    private static final StandInPartner OZORA = new StandInPartner("ozora", SECRET);

    @Autowired
    EventFanOut fanOut;
    @Autowired
    EventStore events;
    @Autowired
    DeliveryStore deliveries;
    @Autowired
    PartnerFeed feed;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestSettings.register(registry);
        registry.add("renkei.sync.bootstrap-endpoints.ozora.url", OZORA::url);
        registry.add("renkei.sync.bootstrap-endpoints.ozora.secret", () -> SECRET);
    }

    @AfterAll
    static void stop() {
        OZORA.close();
    }

    @Test
    void theSameBatchTwiceCreatesNothingTwice() {
        String measure = "i-" + UUID.randomUUID().toString().substring(0, 6);
        List<CloudEvent> batch = new ArrayList<>();
        for (int version = 2; version <= 6; version++) {
            batch.add(revision(measure, version, List.of("広域連携")));
        }
        // the same event twice in one poll, as a producer's retry can leave it
        batch.add(batch.get(0));

        fanOut.accept(batch);
        await().atMost(Duration.ofSeconds(30)).until(() -> OZORA.received(measure).size() >= 5);
        // again, once delivered (the deliveries are in the history), and again through Kafka as a redelivered record
        fanOut.accept(batch);
        publish(batch);
        CloudEvent last = revision(measure, 7, List.of("広域連携"));
        publish(List.of(last));
        // one measure's deliveries go in order: once the last has arrived, any copy of an earlier one would have too
        await().atMost(Duration.ofSeconds(30))
                .until(() -> OZORA.received(measure).stream().anyMatch(got -> got.webhookId().equals(last.id())));

        List<String> sent = batch.subList(0, 5).stream().map(CloudEvent::id).toList();
        assertThat(OZORA.received(measure)).extracting(StandInPartner.Received::webhookId)
                .containsExactlyElementsOf(concat(sent, last.id()));
        // the partner's answer is recorded just after it arrived
        await().atMost(Duration.ofSeconds(30)).until(() -> ozoraDeliveriesOf(measure).stream()
                .filter(delivery -> delivery.status() == Delivery.DeliveryStatus.DELIVERED).count() == 6);
        assertThat(ozoraDeliveriesOf(measure)).extracting(Delivery::eventId)
                .containsExactlyInAnyOrderElementsOf(concat(sent, last.id()));
        assertThat(feedOfOzora().stream().filter(concat(sent, last.id())::contains).toList())
                .containsExactlyElementsOf(concat(sent, last.id()));
    }

    @Test
    void aBatchStoredButNotFannedOutIsFannedOutWhenReadAgain() {
        String measure = "s-" + UUID.randomUUID().toString().substring(0, 6);
        CloudEvent event = revision(measure, 2, List.of("広域連携"));
        // the process stopped after storing the events and before storing their deliveries
        events.keepAll(List.of(StoredEvent.of(event, Instant.now())));

        fanOut.accept(List.of(event));

        await().atMost(Duration.ofSeconds(30)).until(() -> OZORA.received(measure).size() == 1);
        assertThat(feedOfOzora()).contains(event.id());
    }

    private List<Delivery> ozoraDeliveriesOf(String measure) {
        return deliveries.ofPartner(new DeliveryStore.DeliveryFilter("ozora", null, null, null,
                "measures/" + measure, null), 1000);
    }

    private List<String> feedOfOzora() {
        List<String> eventIds = new ArrayList<>();
        long cursor = 0;
        for (List<PartnerFeed.FeedEntry> page = feed.after("ozora", cursor, 500); !page.isEmpty();
             page = feed.after("ozora", cursor, 500)) {
            page.forEach(entry -> eventIds.add(entry.eventId()));
            cursor = page.get(page.size() - 1).position();
        }
        return eventIds;
    }

    private static List<String> concat(List<String> first, String then) {
        List<String> all = new ArrayList<>(first);
        all.add(then);
        return all;
    }
}
