package jp.renkei.sync.delivery;

import static jp.renkei.sync.support.HttpResponseAssert.problem;
import static jp.renkei.sync.support.PlanEvents.publish;
import static jp.renkei.sync.support.PlanEvents.revision;
import static jp.renkei.sync.support.SyncApi.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import jp.renkei.contracts.events.CloudEvent;
import jp.renkei.contracts.webhooks.WebhookSignature;
import jp.renkei.localstack.test.RenkeiInfrastructureExtension;
import jp.renkei.sync.support.StandInPartner.Received;
import jp.renkei.sync.support.StandInPartner;
import jp.renkei.sync.support.SyncApi;
import jp.renkei.sync.support.TestSettings;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * What an operator or a partner's engineer does after an outage, through the API: read the attempt log, recover
 * what failed, replay history, and receive only the newest state where the subscription asked for that. Each test
 * subscribes its partner to a tag of its own, so no other test's events reach it.
 */
@ExtendWith(RenkeiInfrastructureExtension.class)
// closed after the class: a context left running would keep its consumers, dispatcher and stand-ins busy
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        useMainMethod = SpringBootTest.UseMainMethod.ALWAYS,
        properties = {"renkei.sync.delivery.retry-schedule=0s,300ms,300ms,300ms,300ms,300ms",
                "renkei.sync.delivery.circuit-breaker.open-for=200ms",
                "renkei.sync.delivery.archive-interval=200ms",
                "renkei.sync.webhook-allow-list=127.0.0.1:*"})
class DeliveryOperationsIntegrationTest {

    private static final Map<String, String> SECRETS = Map.of(
            "ozora", WebhookSignature.newSecret(new SecureRandom(), 32),
            "abashiri-education-center", WebhookSignature.newSecret(new SecureRandom(), 32));
    private static final StandInPartner OZORA = new StandInPartner("ozora", SECRETS.get("ozora"));
    private static final StandInPartner EDUCATION_CENTER = new StandInPartner("abashiri-education-center",
            SECRETS.get("abashiri-education-center"));

    @LocalServerPort
    int port;
    @Autowired
    MongoTemplate mongo;
    private SyncApi api;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestSettings.register(registry);
        for (StandInPartner partner : List.of(OZORA, EDUCATION_CENTER)) {
            registry.add("renkei.sync.bootstrap-endpoints." + partner.id + ".url", partner::url);
            registry.add("renkei.sync.bootstrap-endpoints." + partner.id + ".secret", () -> SECRETS.get(partner.id));
        }
    }

    @AfterAll
    static void stop() {
        OZORA.close();
        EDUCATION_CENTER.close();
    }

    @BeforeEach
    void client() {
        api = new SyncApi(port);
    }

    @Test
    void aFailedDeliveryHasEveryAttemptLoggedAndIsRecoveredThenReplayedUnderTheSameWebhookId() {
        String tag = subscribe("ozora", false);
        AtomicBoolean down = new AtomicBoolean(true);
        OZORA.status = () -> down.get() ? 503 : 200;
        OZORA.answerBody = "只今メンテナンス中です（工事中①）。".repeat(100);
        Instant before = Instant.now().minusSeconds(1);
        String measure = "o-" + UUID.randomUUID().toString().substring(0, 6);
        CloudEvent event = revision(measure, 2, List.of(tag));
        publish(List.of(event));

        JsonNode failed = await().atMost(Duration.ofSeconds(30)).until(() -> json(api.get(
                "/partners/ozora/deliveries?status=FAILED&subject=measures/" + measure)), list -> list.size() == 1).get(0);
        assertThat(failed.path("eventId").asString()).isEqualTo(event.id());
        assertThat(failed.path("attempts").asInt()).isEqualTo(6);

        awaitMovedToTheHistory(List.of(failed.path("id").asString()));

        JsonNode log = json(api.get("/partners/ozora/deliveries/" + failed.path("id").asString()));
        assertThat(log.path("attempts")).hasSize(6);
        for (JsonNode attempt : log.path("attempts")) {
            assertThat(attempt.path("statusCode").asInt()).isEqualTo(503);
            String excerpt = attempt.path("responseExcerpt").asString();
            assertThat(excerpt).startsWith("只今メンテナンス中です（工事中①）。");
            assertThat(excerpt.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(1024 + 2);
        }

        down.set(false);
        JsonNode recovered = json(api.post("/partners/ozora/recover", "{\"since\":\"" + before + "\"}"));
        assertThat(recovered.path("requeued").asLong()).isGreaterThanOrEqualTo(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> OZORA.received(measure).size() == 1);

        JsonNode replayed = json(api.post("/partners/ozora/replay", "{\"since\":\"" + before + "\"}"));
        assertThat(replayed.path("deliveries").asInt()).isGreaterThanOrEqualTo(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> OZORA.received(measure).size() == 2);
        assertThat(OZORA.received(measure)).extracting(Received::webhookId).containsExactly(event.id(), event.id());
    }

    @Test
    void latestStateOnlyCoalescesABacklogToTheNewestRevisionOfEachMeasure() {
        String tag = subscribe("abashiri-education-center", true);
        AtomicBoolean down = new AtomicBoolean(true);
        EDUCATION_CENTER.status = () -> down.get() ? 503 : 200;
        String measure = "l-" + UUID.randomUUID().toString().substring(0, 6);
        List<CloudEvent> revisions = new ArrayList<>();
        for (int version = 2; version <= 6; version++) {
            revisions.add(revision(measure, version, List.of(tag)));
        }
        publish(revisions);
        List<String> superseded = await().atMost(Duration.ofSeconds(30)).until(() -> ids(json(api.get(
                "/partners/abashiri-education-center/deliveries?status=SUPERSEDED&subject=measures/" + measure))),
                ids -> ids.size() >= 3);
        awaitMovedToTheHistory(superseded);

        down.set(false);
        await().atMost(Duration.ofSeconds(30)).until(() -> EDUCATION_CENTER.received(measure).stream()
                .anyMatch(received -> received.sequence() == 6));
        List<Long> sequences = EDUCATION_CENTER.received(measure).stream().map(Received::sequence).toList();
        assertThat(sequences).isSorted().doesNotHaveDuplicates().endsWith(6L).hasSizeLessThan(5);
    }

    /** Finished deliveries leave the queue the dispatcher reads, for the history, by the marks of their ending. */
    private void awaitMovedToTheHistory(List<String> deliveryIds) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (String id : deliveryIds) {
                assertThat(mongo.findById(id, Document.class, DeliveryStore.DELIVERIES)).as(id).isNull();
                assertThat(mongo.findById(id, Document.class, DeliveryStore.HISTORY)).as(id).isNotNull();
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> deliveryIds.stream()
                .allMatch(id -> mongo.findById(id, Document.class, DeliveryStore.FINISHING) == null));
    }

    private static List<String> ids(JsonNode deliveries) {
        List<String> ids = new ArrayList<>();
        deliveries.forEach(delivery -> ids.add(delivery.path("id").asString()));
        return ids;
    }

    @Test
    void recoverAndReplayNameTheirBadFields() {
        assertThat(api.post("/partners/ozora/recover", "{}").statusCode()).isEqualTo(400);
        assertThat(json(api.post("/partners/ozora/recover", "{}")).path("field").asString()).isEqualTo("since");
        problem(api.post("/partners/ozora/replay",
                "{\"since\":\"2026-01-02T00:00:00Z\",\"until\":\"2026-01-01T00:00:00Z\"}"), 400, "until");
        problem(api.post("/partners/ozora/replay",
                "{\"since\":\"2026-01-01T00:00:00Z\",\"endpointId\":\"abashiri-education-center-bootstrap\"}"), 400,
                "endpointId");
        assertThat(api.post("/partners/nobody/replay", "{\"since\":\"2026-01-01T00:00:00Z\"}").statusCode())
                .isEqualTo(404);
        assertThat(api.get("/partners/ozora/deliveries/none").statusCode()).isEqualTo(404);
    }

    /** Subscribes the partner's bootstrap endpoint to a tag of the test's own; returns the tag. */
    private String subscribe(String partnerId, boolean latestOnly) {
        String tag = "t-" + UUID.randomUUID().toString().substring(0, 8);
        var created = api.post("/partners/" + partnerId + "/subscriptions", "{\"tags\":[\"" + tag
                + "\"],\"delivery\":\"WEBHOOK\",\"endpointId\":\"" + partnerId + "-bootstrap\",\"latestOnly\":"
                + latestOnly + "}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return tag;
    }
}
