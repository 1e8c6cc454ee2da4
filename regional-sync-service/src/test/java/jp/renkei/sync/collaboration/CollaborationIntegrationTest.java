package jp.renkei.sync.collaboration;

import static jp.renkei.sync.support.PlanEvents.publish;
import static jp.renkei.sync.support.PlanEvents.revision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import jp.renkei.contracts.events.CloudEvent;
import jp.renkei.contracts.events.SyncEventTypes;
import jp.renkei.contracts.sync.ViewRequestSent;
import jp.renkei.contracts.webhooks.WebhookSignature;
import jp.renkei.localstack.test.MutableClock;
import jp.renkei.localstack.test.RenkeiInfrastructureExtension;
import jp.renkei.messaging.outbox.OutboxEvent;
import jp.renkei.support.security.testing.TestTokens;
import jp.renkei.sync.notice.Notices;
import jp.renkei.sync.support.HttpResponseAssert;
import jp.renkei.sync.support.ControlledClock;
import jp.renkei.sync.support.StandInPartner;
import jp.renkei.sync.support.SyncApi;
import jp.renkei.sync.support.SyncEventSchemas;
import jp.renkei.sync.support.TestSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Partners answer back, on the real broker and store: responses to events a partner received, the city's answers,
 * requests for views (意見照会). The joint plan {@code test-joint-vision} (test resources' seeds/plan) has two partner
 * co-owners, ozora and okhotsk-council, each with a webhook endpoint here that verifies signatures.
 */
@ExtendWith(RenkeiInfrastructureExtension.class)
@DirtiesContext
@Import(ControlledClock.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        useMainMethod = SpringBootTest.UseMainMethod.ALWAYS,
        properties = {"renkei.sync.webhook-allow-list=127.0.0.1:*"})
class CollaborationIntegrationTest {

    private static final String JOINT_PLAN = "test-joint-vision";
    /** Japanese with full-width digits, a circled number and a character outside the BMP: byte for byte. */
    private static final String OBJECTION = "公共交通の運行計画は大空町との協議が未了です。第２項①を見直してください𠮷。";
    private static final String OZORA_SECRET = WebhookSignature.newSecret(new SecureRandom(), 32);
    private static final String COUNCIL_SECRET = WebhookSignature.newSecret(new SecureRandom(), 32);
    private static final StandInPartner OZORA = new StandInPartner("ozora", OZORA_SECRET);
    private static final StandInPartner COUNCIL = new StandInPartner("okhotsk-council", COUNCIL_SECRET);

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    @Autowired
    Notices notices;

    @Autowired
    MongoTemplate mongo;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestSettings.register(registry);
        registry.add("renkei.sync.bootstrap-endpoints.ozora.url", OZORA::url);
        registry.add("renkei.sync.bootstrap-endpoints.ozora.secret", () -> OZORA_SECRET);
        registry.add("renkei.sync.bootstrap-endpoints.okhotsk-council.url", COUNCIL::url);
        registry.add("renkei.sync.bootstrap-endpoints.okhotsk-council.secret", () -> COUNCIL_SECRET);
    }

    @AfterAll
    static void stop() {
        OZORA.close();
        COUNCIL.close();
    }

    @Test
    void aPartnersObjectionReachesTheOtherCoOwnerAsASignedWebhookAndTheCityAnswersIt() {
        // a partner that subscribes to everything, and is no co-owner: addressed events are not its business
        HttpResponse<String> everything = new SyncApi(port).post("/partners/abashiri-fire-union/subscriptions",
                "{\"description\":\"すべて\",\"delivery\":\"FEED\"}");
        assertThat(everything.statusCode()).as(everything.body()).isEqualTo(201);
        String measure = newMeasure();
        CloudEvent revised = deliveredToBothCoOwners(measure, 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> feedIds("abashiri-fire-union").contains(revised.id()));

        HttpResponse<String> objected = as("ozora").put("/partners/ozora/responses/" + revised.id(),
                "{\"kind\":\"OBJECTED\",\"text\":\"" + OBJECTION + "\",\"section\":\"基本方針\"}");
        assertThat(objected.statusCode()).as(objected.body()).isEqualTo(201);
        assertThat(SyncApi.json(objected).path("text").asString()).isEqualTo(OBJECTION);

        // the other co-owner hears of it, signed (the stand-in accepts only valid signatures), text byte for byte
        JsonNode event = await().atMost(Duration.ofSeconds(30)).until(
                () -> dataOf(COUNCIL, SyncEventTypes.RESPONSE_SUBMITTED, measure), found -> found != null);
        assertThat(event.path("data").path("kind").asString()).isEqualTo("OBJECTED");
        assertThat(event.path("data").path("text").asString()).isEqualTo(OBJECTION);
        assertThat(event.path("data").path("eventId").asString()).isEqualTo(revised.id());
        assertThat(event.path("data").path("version").asLong()).isEqualTo(2);
        assertThat(event.path("source").asString()).isEqualTo("/municipalities/abashiri/partners/ozora");
        assertThat(SyncEventSchemas.errors(new CloudEvent(event.path("id").asString(), "s",
                SyncEventTypes.RESPONSE_SUBMITTED, null, Instant.now(), null, null,
                event.path("data").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)))).isEmpty();
        // ... and finds it in its pull feed as well; the partner that subscribes to everything does not
        await().atMost(Duration.ofSeconds(30)).until(() -> feedIds("okhotsk-council")
                .contains(event.path("id").asString()));
        assertThat(feedIds("abashiri-fire-union")).doesNotContain(event.path("id").asString());

        // the city sees it under the measure and the version it concerned
        HttpResponse<String> ofVersion2 = asEditor().get("/collaboration/plans/" + JOINT_PLAN + "/measures/" + measure
                + "/responses?version=2");
        assertThat(SyncApi.json(ofVersion2).path(0).path("text").asString()).isEqualTo(OBJECTION);
        assertThat(SyncApi.json(asEditor().get("/collaboration/plans/" + JOINT_PLAN + "/measures/" + measure
                + "/responses?version=3"))).isEmpty();

        String responseId = SyncApi.json(objected).path("id").asString();
        HttpResponse<String> answered = asEditor().post("/collaboration/responses/" + responseId + "/answer",
                "{\"text\":\"ご指摘を受け、第２項を修正します。\"}");
        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
        JsonNode answer = await().atMost(Duration.ofSeconds(30)).until(
                () -> dataOf(OZORA, SyncEventTypes.RESPONSE_ANSWERED, measure), found -> found != null);
        assertThat(answer.path("data").path("text").asString()).isEqualTo("ご指摘を受け、第２項を修正します。");
        assertThat(SyncApi.json(as("ozora").get("/partners/ozora/responses/" + revised.id()))
                .path("answer").path("text").asString()).isEqualTo("ご指摘を受け、第２項を修正します。");
        // the answer is the responder's; a response is not sent back to the one who made it
        assertThat(dataOf(COUNCIL, SyncEventTypes.RESPONSE_ANSWERED, measure)).isNull();
        assertThat(dataOf(OZORA, SyncEventTypes.RESPONSE_SUBMITTED, measure)).isNull();
    }

    @Test
    void aPartnerChangesItsOwnResponseAndOnlyItsOwn() {
        String measure = newMeasure();
        CloudEvent revised = deliveredToBothCoOwners(measure, 4);
        String path = "/partners/ozora/responses/" + revised.id();
        assertThat(as("ozora").put(path, "{\"kind\":\"COMMENTED\",\"text\":\"確認中です。\"}").statusCode()).isEqualTo(201);

        HttpResponse<String> changed = as("ozora").put(path, "{\"kind\":\"ACKNOWLEDGED\",\"text\":\"了承します。\"}");
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(SyncApi.json(changed).path("revision").asInt()).isEqualTo(2);
        assertThat(as("okhotsk-council").put(path, "{\"kind\":\"OBJECTED\",\"text\":\"x\"}").statusCode()).isEqualTo(403);
        assertThat(as("okhotsk-council").get(path).statusCode()).isEqualTo(403);
        // an operator reads what a partner said, but does not say it for the partner
        assertThat(new SyncApi(port).put(path, "{\"kind\":\"OBJECTED\",\"text\":\"x\"}").statusCode()).isEqualTo(403);
        assertThat(SyncApi.json(new SyncApi(port).get(path)).path("kind").asString()).isEqualTo("ACKNOWLEDGED");
        // the city's side is staff's
        assertThat(as("ozora").get("/collaboration/plans/" + JOINT_PLAN + "/measures/" + measure + "/responses")
                .statusCode()).isEqualTo(403);
        await().atMost(Duration.ofSeconds(30)).until(() -> COUNCIL.receivedOfType(SyncEventTypes.RESPONSE_SUBMITTED)
                .stream().filter(received -> received.body().contains(measure)).count() == 2);
    }

    @Test
    void badResponsesAreRefusedNamingTheFieldAndNothingIsStored() {
        // an event the fire union received (情報セキュリティ) but ozora did not
        String measure = newMeasure();
        CloudEvent notOzoras = revision("abashiri-comprehensive-plan", measure, 2, List.of("情報セキュリティ"));
        CloudEvent ozoras = revision(JOINT_PLAN, measure, 3, List.of("広域連携"));
        publish(List.of(notOzoras, ozoras));
        await().atMost(Duration.ofSeconds(30)).until(() -> OZORA.received(measure).size() == 1);

        HttpResponse<String> neverReceived = as("ozora").put("/partners/ozora/responses/" + notOzoras.id(),
                "{\"kind\":\"COMMENTED\",\"text\":\"見ていません\"}");
        assertThat(neverReceived.statusCode()).isEqualTo(404);
        assertThat(neverReceived.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(as("ozora").put("/partners/ozora/responses/" + UUID.randomUUID(),
                "{\"kind\":\"COMMENTED\",\"text\":\"x\"}").statusCode()).isEqualTo(404);

        String path = "/partners/ozora/responses/" + ozoras.id();
        HttpResponse<String> tooLong = as("ozora").put(path, "{\"kind\":\"COMMENTED\",\"text\":\"" + "あ".repeat(4001)
                + "\"}");
        HttpResponseAssert.problem(tooLong, 400, "text");
        HttpResponseAssert.problem(as("ozora").put(path, "{\"kind\":\"DISLIKED\",\"text\":\"x\"}"), 400, "kind");
        HttpResponseAssert.problem(as("ozora").put(path, "{\"kind\":\"COMMENTED\",\"text\":\" \"}"), 400, "text");
        HttpResponseAssert.problem(as("ozora").put(path, "{\"text\":\"x\"}"), 400, "kind");
        assertThat(as("ozora").get(path).statusCode()).isEqualTo(404);
        assertThat(SyncApi.json(asEditor().get("/collaboration/plans/" + JOINT_PLAN + "/measures/" + measure
                + "/responses"))).isEmpty();
        // exactly the limit is accepted
        assertThat(as("ozora").put(path, "{\"kind\":\"COMMENTED\",\"text\":\"" + "あ".repeat(4000) + "\"}")
                .statusCode()).isEqualTo(201);
    }

    @Test
    void aRequestForViewsToTwoPartnersCollectsOneAnswerAndShowsOneMissingAfterItsDeadline() {
        String measure = newMeasure();
        Instant deadline = clock.instant().plus(Duration.ofMinutes(10));
        String body = "{\"planId\":\"" + JOINT_PLAN + "\",\"measureId\":\"" + measure + "\",\"version\":2,"
                + "\"text\":\"第２版についてご意見をお寄せください。\",\"partners\":%s,\"deadline\":\"%s\"}";
        HttpResponseAssert.problem(asEditor().post("/collaboration/view-requests",
                body.formatted("[\"ozora\",\"nowhere\"]", deadline)), 400, "partners");
        HttpResponseAssert.problem(asEditor().post("/collaboration/view-requests",
                body.formatted("[]", deadline)), 400, "partners");
        HttpResponseAssert.problem(asEditor().post("/collaboration/view-requests",
                body.formatted("[\"ozora\"]", clock.instant().minusSeconds(60))), 400, "deadline");
        assertThat(as("ozora").post("/collaboration/view-requests", body.formatted("[\"ozora\"]", deadline))
                .statusCode()).isEqualTo(403);

        HttpResponse<String> sent = asEditor().post("/collaboration/view-requests",
                body.formatted("[\"ozora\",\"okhotsk-council\"]", deadline));
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(201);
        String requestId = SyncApi.json(sent).path("id").asString();
        // both receive it, although neither subscribed to requests for views
        for (StandInPartner partner : List.of(OZORA, COUNCIL)) {
            await().atMost(Duration.ofSeconds(30)).until(
                    () -> dataOf(partner, SyncEventTypes.VIEW_REQUEST_SENT, measure), found -> found != null);
        }
        assertThat(dataOf(OZORA, SyncEventTypes.VIEW_REQUEST_SENT, measure).path("id").asString()).isEqualTo(requestId);

        assertThat(as("ozora").put("/partners/ozora/responses/" + requestId,
                "{\"kind\":\"COMMENTED\",\"text\":\"医療の項に異論はありません。\"}").statusCode()).isEqualTo(201);
        JsonNode before = SyncApi.json(asEditor().get("/collaboration/view-requests/" + requestId));
        assertThat(before.path("answered")).extracting(JsonNode::asString).containsExactly("ozora");
        assertThat(before.path("waiting")).extracting(JsonNode::asString).containsExactly("okhotsk-council");
        assertThat(before.path("missing")).isEmpty();

        clock.advance(Duration.ofMinutes(11));
        JsonNode after;
        try {
            after = SyncApi.json(asEditor().get("/collaboration/view-requests/" + requestId));
        } finally {
            clock.reset();
        }
        assertThat(after.path("answered")).extracting(JsonNode::asString).containsExactly("ozora");
        assertThat(after.path("missing")).extracting(JsonNode::asString).containsExactly("okhotsk-council");
        assertThat(after.path("partners").path(0).path("response").path("text").asString())
                .isEqualTo("医療の項に異論はありません。");
        assertThat(SyncApi.json(asEditor().get("/collaboration/plans/" + JOINT_PLAN + "/measures/" + measure
                + "/responses?version=2")).path(0).path("viewRequestId").asString()).isEqualTo(requestId);
    }

    @Test
    void anEventACrashLeftInItsDocumentIsPublishedByTheRelaysSweep() {
        // what a crash between the write and its publication leaves: the request stored with its event and its mark
        String id = UUID.randomUUID().toString();
        String measure = newMeasure();
        Instant now = clock.instant();
        ViewRequestSent data = new ViewRequestSent(id, JOINT_PLAN, measure, 2, "ご意見を", now.plusSeconds(600),
                "test-editor", now, List.of("okhotsk-council"));
        OutboxEvent sent = new OutboxEvent(id, SyncEventTypes.VIEW_REQUEST_SENT,
                SyncEventTypes.viewRequestSource("abashiri"), "measures/" + measure, JOINT_PLAN + "/" + measure, 1L,
                now, SyncApi.JSON.writeValueAsString(data));
        notices.expect(CollaborationStore.VIEW_REQUESTS, id);
        mongo.insert(new ViewRequest(id, JOINT_PLAN, measure, 2, "ご意見を", List.of("okhotsk-council"),
                now.plusSeconds(600), "test-editor", now, List.of(sent)), CollaborationStore.VIEW_REQUESTS);

        await().atMost(Duration.ofSeconds(30)).until(
                () -> dataOf(COUNCIL, SyncEventTypes.VIEW_REQUEST_SENT, measure), found -> found != null);
        await().atMost(Duration.ofSeconds(30)).until(() -> mongo.findById(id, ViewRequest.class,
                CollaborationStore.VIEW_REQUESTS).outbox().isEmpty());
    }

    /** A revision of the joint plan's measure, once both co-owners have it (both subscribe to 広域連携). */
    private static CloudEvent deliveredToBothCoOwners(String measure, long version) {
        CloudEvent revised = revision(JOINT_PLAN, measure, version, List.of("広域連携"));
        publish(List.of(revised));
        await().atMost(Duration.ofSeconds(30)).until(() -> !OZORA.received(measure).isEmpty()
                && !COUNCIL.received(measure).isEmpty());
        return revised;
    }

    private static String newMeasure() {
        return "jv-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private SyncApi as(String partnerId) {
        return new SyncApi(port).as(TestTokens.shared().partner(partnerId));
    }

    private SyncApi asEditor() {
        return new SyncApi(port).as(TestTokens.shared().editor());
    }

    /** The first event of the type about the measure the partner accepted, or null. */
    private static JsonNode dataOf(StandInPartner partner, String type, String measureId) {
        return partner.receivedOfType(type).stream().map(received -> SyncApi.JSON.readTree(received.body()))
                .filter(event -> measureId.equals(event.path("data").path("measureId").asString(null)))
                .findFirst().orElse(null);
    }

    /** The ids of the events in the partner's feed, read as an operator. */
    private List<String> feedIds(String partnerId) {
        List<String> ids = new ArrayList<>();
        SyncApi.json(new SyncApi(port).get("/partners/" + partnerId + "/feed?after=0&limit=500"))
                .path("events").forEach(event -> ids.add(event.path("id").asString()));
        return ids;
    }
}
