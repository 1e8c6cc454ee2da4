package jp.renkei.sync.delivery;

import static jp.renkei.sync.support.PlanEvents.publish;
import static jp.renkei.sync.support.PlanEvents.revision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import jp.renkei.contracts.events.CloudEvent;
import jp.renkei.contracts.events.PlanEventTypes;
import jp.renkei.contracts.events.SyncEventTypes;
import jp.renkei.contracts.webhooks.WebhookSignature;
import jp.renkei.localstack.test.MutableClock;
import jp.renkei.localstack.test.RenkeiInfrastructureExtension;
import jp.renkei.sync.partner.PartnerDirectory;
import jp.renkei.sync.support.ControlledClock;
import jp.renkei.sync.support.StandInPartner.Received;
import jp.renkei.sync.support.StandInPartner;
import jp.renkei.sync.support.SyncEventSchemas;
import jp.renkei.sync.support.SyncEventsTopic;
import jp.renkei.sync.support.TestSettings;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Delivery with a real broker, a real store and real HTTP: partners' webhook servers on 127.0.0.1 that fail,
 * recover, or have gone away, beside one that is healthy.
 */
@ExtendWith(RenkeiInfrastructureExtension.class)
// closed after the class: a context left running would keep its consumers, dispatcher and stand-ins busy
@DirtiesContext
// the throttle test holds the service's clock still
@Import(ControlledClock.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, useMainMethod = SpringBootTest.UseMainMethod.ALWAYS,
        properties = {"renkei.sync.delivery.retry-schedule=0s,300ms,300ms,300ms,300ms,300ms,300ms,300ms,300ms,300ms,300ms,300ms",
                "renkei.sync.delivery.circuit-breaker.open-for=500ms",
                "renkei.sync.webhook-allow-list=127.0.0.1:*"})
class DeliveryIntegrationTest {

    private static final String SOURCE = PlanEventTypes.source("abashiri", "abashiri-comprehensive-plan");
    private static final Map<String, String> SECRETS = new ConcurrentHashMap<>();
    private static final Map<String, StandInPartner> PARTNERS = new ConcurrentHashMap<>();

    @Autowired
    MongoTemplate mongo;
    @Autowired
    DeliveryStore deliveries;
    @Autowired
    PartnerDirectory directory;
    @Autowired
    MutableClock clock;
    @Autowired
    MeterRegistry meters;

    @BeforeAll
    static void partners() throws IOException {
        for (String partner : List.of("ozora", "okhotsk-council", "abashiri-fire-union", "abashiri-education-center")) {
            SECRETS.put(partner, WebhookSignature.newSecret(new SecureRandom(), 32));
            PARTNERS.put(partner, new StandInPartner(partner, SECRETS.get(partner)));
        }
        PARTNERS.get("abashiri-fire-union").status = () -> 410;
    }

    @AfterAll
    static void stop() {
        PARTNERS.values().forEach(StandInPartner::close);
    }

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestSettings.register(registry);
        PARTNERS.values().forEach(partner -> partner.registerAsBootstrapEndpoint(registry));
    }

    @Test
    void aPartnerDownForAWhileGetsEverythingInOrderOnceWhileAHealthyOneIsNotDelayed() {
        StandInPartner ozora = PARTNERS.get("ozora");
        StandInPartner council = PARTNERS.get("okhotsk-council");
        AtomicBoolean ozoraDown = new AtomicBoolean(true);
        ozora.status = () -> ozoraDown.get() ? 503 : 200;
        String measure = "m-" + UUID.randomUUID().toString().substring(0, 6);

        List<CloudEvent> revisions = new ArrayList<>();
        for (int version = 2; version <= 6; version++) {
            revisions.add(revision(measure, version, List.of("広域連携")));
        }
        publish(revisions);

        // the council has everything while ozora, still down, has nothing: the council did not wait for ozora
        await().atMost(Duration.ofSeconds(30)).until(() -> council.received(measure).size() == 5);
        assertThat(ozora.received(measure)).isEmpty();
        assertThat(council.received(measure)).extracting(Received::sequence).containsExactly(2L, 3L, 4L, 5L, 6L);
        await().atMost(Duration.ofSeconds(30)).until(() -> ozora.refused(measure).size() >= 3);
        assertThat(ozora.received(measure)).isEmpty();

        ozoraDown.set(false);

        await().atMost(Duration.ofSeconds(60)).until(() -> ozora.received(measure).size() >= 5);
        assertThat(ozora.received(measure)).extracting(Received::sequence).containsExactly(2L, 3L, 4L, 5L, 6L);
        assertThat(ozora.received(measure)).extracting(Received::webhookId)
                .containsExactlyElementsOf(revisions.stream().map(CloudEvent::id).toList());

        // a redelivered Kafka record (the same event id) creates no second delivery
        publish(List.of(revisions.get(0)));
        publish(List.of(revision(measure, 7, List.of("広域連携"))));
        await().atMost(Duration.ofSeconds(30)).until(() -> council.received(measure).size() == 6);
        assertThat(council.received(measure)).extracting(Received::sequence).containsExactly(2L, 3L, 4L, 5L, 6L, 7L);
    }

    @Test
    void aPartnerThatHangsOnEveryRequestDelaysNoOtherPartner() {
        StandInPartner ozora = PARTNERS.get("ozora");
        StandInPartner council = PARTNERS.get("okhotsk-council");
        AtomicBoolean ozoraSlow = new AtomicBoolean(true);
        // ozora's requests hang until the test lets them go, which it does only once the council has everything:
        // if the council's deliveries waited behind ozora's, they would never arrive
        CountDownLatch letOzoraAnswer = new CountDownLatch(1);
        AtomicInteger ozoraHanging = new AtomicInteger();
        ozora.status = () -> {
            if (ozoraSlow.get()) {
                ozoraHanging.incrementAndGet();
                try {
                    letOzoraAnswer.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return 503;
            }
            return 200;
        };
        String measure = "s-" + UUID.randomUUID().toString().substring(0, 6);
        List<CloudEvent> revisions = new ArrayList<>();
        for (int version = 2; version <= 4; version++) {
            revisions.add(revision(measure, version, List.of("広域連携")));
        }
        publish(revisions);

        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> council.received(measure).size() == 3);
            assertThat(ozoraHanging.get()).as("ozora's first request was hanging meanwhile").isPositive();
            assertThat(ozora.received(measure)).isEmpty();
        } finally {
            ozoraSlow.set(false);
            letOzoraAnswer.countDown();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> ozora.received(measure).size() >= 3);
        assertThat(ozora.received(measure)).extracting(Received::sequence).containsExactly(2L, 3L, 4L);
    }

    /**
     * The throttle counts by the service's clock, which the test holds still: a full bucket lets one second's worth go
     * (2), then nothing until the test moves the clock; half a second lets one more go, ten seconds only another
     * second's worth (the bucket holds no more). After each step, "nothing more went" is a marker, not a wait: the
     * dispatcher counted the next due delivery as held back by the throttle ({@code renkei.sync.delivery.throttled}).
     */
    @Test
    void aThrottledEndpointGetsNoMoreThanItsRateWhateverIsQueued() {
        StandInPartner center = PARTNERS.get("abashiri-education-center");
        String endpoint = "abashiri-education-center-bootstrap";
        directory.throttle(endpoint, 2);
        clock.hold();
        try {
            // every request the endpoint gets counts against its rate, another test's late retry as well
            int before = requests(center);
            String measure = "t-" + UUID.randomUUID().toString().substring(0, 6);
            List<CloudEvent> revisions = new ArrayList<>();
            for (int version = 2; version <= 9; version++) {
                revisions.add(revision(measure, version, List.of("教育")));
            }
            publish(revisions);

            heldBackAfter(center, before + 2);
            clock.advance(Duration.ofMillis(500));
            heldBackAfter(center, before + 3);
            clock.advance(Duration.ofSeconds(10));
            heldBackAfter(center, before + 5);

            clock.release();
            await().atMost(Duration.ofSeconds(60)).until(() -> center.received(measure).size() == revisions.size());
            assertThat(center.received(measure)).extracting(Received::sequence)
                    .containsExactly(2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        } finally {
            clock.release();
            directory.throttle(endpoint, null);
        }
    }

    /** Once {@code requests} came, the dispatcher holds the next one back for the throttle: no more came. */
    private void heldBackAfter(StandInPartner partner, int requests) {
        await().atMost(Duration.ofSeconds(30)).until(() -> requests(partner) >= requests);
        double heldBefore = heldByThrottle(partner.id);
        await().atMost(Duration.ofSeconds(30)).until(() -> heldByThrottle(partner.id) > heldBefore);
        assertThat(requests(partner)).isEqualTo(requests);
    }

    private static int requests(StandInPartner partner) {
        return partner.accepted.size() + partner.refusedRequests.size();
    }

    private double heldByThrottle(String partnerId) {
        Counter held = meters.find("renkei.sync.delivery.throttled").tag("partner", partnerId).counter();
        return held == null ? 0 : held.count();
    }

    /**
     * The fire union's stand-in answers 410. Its default subscriptions take 広域連携 too (issue #13), so another test's
     * revision may be the one that disables it: the failed delivery is whichever the 410 came back for.
     */
    @Test
    void aPartnerThatAnswers410IsDisabled() {
        String measure = "g-" + UUID.randomUUID().toString().substring(0, 6);
        publish(List.of(revision(measure, 2, List.of("情報セキュリティ"))));

        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Document endpoint = mongo.findById("abashiri-fire-union-bootstrap", Document.class, "endpoints");
            return endpoint != null && Boolean.FALSE.equals(endpoint.getBoolean("enabled"));
        });
        Delivery failed = await().atMost(Duration.ofSeconds(30)).until(() -> deliveries.ofPartner(
                new DeliveryStore.DeliveryFilter("abashiri-fire-union", Delivery.DeliveryStatus.FAILED, null, null, null,
                        null), 10)
                .stream().findFirst().orElse(null), delivery -> delivery != null
                && delivery.status() == Delivery.DeliveryStatus.FAILED);
        assertThat(failed.lastStatusCode()).isEqualTo(410);

        // operators learn of both on renkei.sync.events, keyed by the endpoint, each valid against its schema
        List<CloudEvent> notices;
        try (SyncEventsTopic topic = new SyncEventsTopic()) {
            notices = await().atMost(Duration.ofSeconds(30)).until(topic::read,
                    events -> events.stream().anyMatch(event -> event.type().equals(SyncEventTypes.DELIVERY_FAILED)
                            && new String(event.data(), StandardCharsets.UTF_8).contains(failed.eventId()))
                            && events.stream().anyMatch(event -> event.type().equals(SyncEventTypes.ENDPOINT_DISABLED)
                            && event.partitionKey().equals("abashiri-fire-union-bootstrap")));
        }
        CloudEvent disabled = notices.stream().filter(event -> event.type().equals(SyncEventTypes.ENDPOINT_DISABLED)
                && event.partitionKey().equals("abashiri-fire-union-bootstrap")).findFirst().orElseThrow();
        assertThat(new String(disabled.data(), StandardCharsets.UTF_8)).contains("\"reason\":\"GONE\"");
        assertThat(disabled.source()).isEqualTo("/municipalities/abashiri/partners/abashiri-fire-union");
        for (CloudEvent notice : notices) {
            assertThat(SyncEventSchemas.errors(notice)).as(notice.type()).isEmpty();
        }
    }
}
