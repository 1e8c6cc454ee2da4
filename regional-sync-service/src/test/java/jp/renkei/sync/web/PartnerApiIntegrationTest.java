package jp.renkei.sync.web;

import static jp.renkei.sync.support.HttpResponseAssert.problem;
import static jp.renkei.sync.support.SyncApi.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import jp.renkei.contracts.security.InternalToken;
import jp.renkei.localstack.test.RenkeiInfrastructureExtension;
import jp.renkei.support.security.testing.TestTokens;
import jp.renkei.sync.partner.Endpoint;
import jp.renkei.sync.partner.PartnerDirectory;
import jp.renkei.sync.support.SyncApi;
import jp.renkei.sync.support.TestSettings;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

@ExtendWith(RenkeiInfrastructureExtension.class)
// closed after the class: a context left running would keep its consumers, dispatcher and stand-ins busy
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        useMainMethod = SpringBootTest.UseMainMethod.ALWAYS,
        properties = "renkei.sync.metrics-refresh-interval=200ms")
class PartnerApiIntegrationTest {

    private static final String PUBLIC_URL = "https://93.184.216.34/renkei";

    @LocalServerPort
    int port;
    @Autowired
    PartnerDirectory directory;
    @Autowired
    MongoTemplate mongo;

    private SyncApi api;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestSettings.register(registry);
    }

    @BeforeEach
    void client() {
        api = new SyncApi(port);
    }

    @Test
    void anEndpointsSecretIsShownOnceStoredEncryptedAndRotationSignsWithBothForAWhile() {
        HttpResponse<String> created = api.post("/partners/ozora/endpoints", "{\"url\":\"" + PUBLIC_URL + "\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode body = json(created);
        String secret = body.path("secret").asString();
        String endpointId = body.path("endpoint").path("id").asString();
        assertThat(secret).startsWith("whsec_");

        String partner = api.get("/partners/ozora").body();
        assertThat(partner).contains(endpointId).doesNotContain(secret).doesNotContain("whsec_");
        Document stored = mongo.findById(endpointId, Document.class, "endpoints");
        assertThat(stored.toJson()).doesNotContain(secret).doesNotContain(secret.substring(6));
        assertThat(stored.getString("secret")).startsWith("enc:v1:");

        HttpResponse<String> rotated = api.post("/partners/ozora/endpoints/" + endpointId + "/rotate-secret", "");
        String newSecret = json(rotated).path("secret").asString();
        assertThat(newSecret).startsWith("whsec_").isNotEqualTo(secret);
        Endpoint endpoint = directory.endpoint(endpointId).orElseThrow();
        assertThat(endpoint.signingSecrets(Instant.now())).containsExactly(newSecret, secret);
        assertThat(endpoint.signingSecrets(Instant.now().plus(Duration.ofDays(2)))).containsExactly(newSecret);
        assertThat(mongo.findById(endpointId, Document.class, "endpoints").toJson()).doesNotContain(newSecret)
                .doesNotContain(secret);

        assertThat(json(api.post("/partners/ozora/endpoints/" + endpointId + "/pause", "")).path("enabled").asBoolean())
                .isFalse();
        assertThat(json(api.post("/partners/ozora/endpoints/" + endpointId + "/resume", "")).path("enabled")
                .asBoolean()).isTrue();
    }

    @Test
    void aPartnerThrottlesItsOwnEndpointWithinBoundsAndBadValuesNameTheField() {
        String endpointId = json(api.post("/partners/ozora/endpoints", "{\"url\":\"" + PUBLIC_URL + "\"}"))
                .path("endpoint").path("id").asString();
        SyncApi ozora = api.as(TestTokens.shared().partner("ozora"));
        String throttle = "/partners/ozora/endpoints/" + endpointId + "/throttle";

        HttpResponse<String> set = ozora.put(throttle, "{\"deliveriesPerSecond\":2}");
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        assertThat(json(set).path("maxDeliveriesPerSecond").asInt()).isEqualTo(2);
        assertThat(directory.endpoint(endpointId).orElseThrow().maxDeliveriesPerSecond()).isEqualTo(2);
        problem(ozora.put(throttle, "{\"deliveriesPerSecond\":0}"), 400, "deliveriesPerSecond");
        problem(ozora.put(throttle, "{\"deliveriesPerSecond\":1001}"), 400, "deliveriesPerSecond");
        problem(ozora.put(throttle, "{\"deliveriesPerSecond\":\"fast\"}"), 400, "deliveriesPerSecond");
        assertThat(directory.endpoint(endpointId).orElseThrow().maxDeliveriesPerSecond()).isEqualTo(2);

        assertThat(json(ozora.put(throttle, "{}")).path("maxDeliveriesPerSecond").isNull()).isTrue();
        assertThat(api.as(TestTokens.shared().partner("okhotsk-council")).put(throttle, "{\"deliveriesPerSecond\":1}")
                .statusCode()).isEqualTo(403);
    }

    @Test
    void internalOrPlainHttpUrlsAreRefusedNamingTheField() {
        for (String url : new String[] {"https://169.254.169.254/latest/meta-data/", "https://10.0.0.8/hook",
                "http://93.184.216.34/hook", "https://localhost/hook"}) {
            problem(api.post("/partners/ozora/endpoints", "{\"url\":\"" + url + "\"}"), 400, "url");
        }
        assertThat(directory.endpointsOf("ozora")).noneMatch(endpoint -> endpoint.url().contains("169.254"));
        assertThat(api.post("/partners/nowhere/endpoints", "{\"url\":\"" + PUBLIC_URL + "\"}").statusCode())
                .isEqualTo(404);
        problem(api.post("/partners/ozora/endpoints", "{}"), 400, "url");
    }

    @Test
    void aPartnerManagesItsSubscriptionsAndBadSelectorsAreRefusedNamingTheField() {
        HttpResponse<String> created = api.post("/partners/okhotsk-council/subscriptions", """
                {"description":"意見募集の結果","eventTypes":["jp.renkei.consultation.*"],"measures":["5-1-3"],
                 "delivery":"FEED"}""");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = json(created).path("id").asString();
        assertThat(json(api.get("/partners/okhotsk-council/subscriptions/" + id)).path("description").asString())
                .isEqualTo("意見募集の結果");

        HttpResponse<String> replaced = api.put("/partners/okhotsk-council/subscriptions/" + id,
                "{\"eventTypes\":[\"jp.renkei.plan.measure.revised.v1\"],\"delivery\":\"WEBHOOK\",\"latestOnly\":true}");
        assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
        assertThat(directory.subscription("okhotsk-council", id).orElseThrow().latestOnly()).isTrue();

        int before = directory.subscriptionsOf("okhotsk-council").size();
        problem(api.post("/partners/okhotsk-council/subscriptions", "{\"eventTypes\":[\"<script>\"],\"delivery\":\"FEED\"}"),
                400, "eventTypes[0]");
        problem(api.post("/partners/okhotsk-council/subscriptions", "{\"goals\":[0],\"delivery\":\"FEED\"}"), 400,
                "goals[0]");
        problem(api.post("/partners/okhotsk-council/subscriptions", "{\"tags\":[\"広域連携\"]}"), 400, "delivery");
        problem(api.post("/partners/okhotsk-council/subscriptions", "{\"delivery\":\"FEED\",\"latestOnly\":true}"),
                400, "latestOnly");
        problem(api.post("/partners/okhotsk-council/subscriptions",
                "{\"delivery\":\"WEBHOOK\",\"endpointId\":\"ozora-bootstrap\"}"), 400, "endpointId");
        assertThat(directory.subscriptionsOf("okhotsk-council")).hasSize(before);
        // another partner's subscription is not found under this partner
        assertThat(api.get("/partners/ozora/subscriptions/" + id).statusCode()).isEqualTo(404);

        assertThat(api.delete("/partners/okhotsk-council/subscriptions/" + id).statusCode()).isEqualTo(204);
        assertThat(api.get("/partners/okhotsk-council/subscriptions/" + id).statusCode()).isEqualTo(404);
    }

    @Test
    void anOperatorRegistersAPartnerOnce() {
        String id = "p-" + UUID.randomUUID().toString().substring(0, 8);
        String partner = "{\"id\":\"" + id + "\",\"name\":\"清里町\",\"nameEn\":\"Kiyosato\",\"kind\":\"municipality\"}";
        assertThat(api.post("/partners", partner).statusCode()).isEqualTo(201);
        assertThat(api.post("/partners", partner).statusCode()).isEqualTo(409);
        assertThat(json(api.get("/partners/" + id)).path("partner").path("name").asString()).isEqualTo("清里町");
        problem(api.post("/partners", "{\"id\":\"Not Valid\",\"name\":\"x\"}"), 400, "id");
    }

    @Test
    void deliveriesAreListedAndAnUnknownOneCannotBeRetried() {
        assertThat(api.get("/partners/ozora/deliveries?status=FAILED").statusCode()).isEqualTo(200);
        assertThat(api.get("/partners/ozora/deliveries?limit=0").statusCode()).isEqualTo(400);
        assertThat(api.post("/partners/ozora/deliveries/none/retry", "").statusCode()).isEqualTo(404);
    }

    @Test
    void aPartnerReachesOnlyItsOwnPartnerAndNoCallGetsInWithoutTheGatewaysToken() {
        TestTokens tokens = TestTokens.shared();
        SyncApi ozora = api.as(tokens.partner("ozora"));
        assertThat(ozora.get("/partners/ozora/deliveries").statusCode()).isEqualTo(200);
        assertThat(ozora.get("/partners/ozora/subscriptions").statusCode()).isEqualTo(200);
        for (String path : List.of("/partners/okhotsk-council", "/partners/okhotsk-council/deliveries",
                "/partners/okhotsk-council/feed", "/partners/okhotsk-council/subscriptions",
                "/partners/okhotsk-council/endpoints", "/partners")) {
            HttpResponse<String> refused = ozora.get(path);
            assertThat(refused.statusCode()).as(path).isEqualTo(403);
            assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        }
        assertThat(ozora.post("/partners/okhotsk-council/replay", "{\"since\":\"2026-01-01T00:00:00Z\"}").statusCode())
                .isEqualTo(403);
        assertThat(ozora.post("/partners", "{\"id\":\"x\",\"name\":\"x\"}").statusCode()).isEqualTo(403);
        // a partner token without a partner id, and the other roles, reach no partner's data
        for (String token : List.of(tokens.token("no-partner", InternalToken.PARTNER), tokens.anonymous(),
                tokens.editor(), tokens.token("moderator", InternalToken.MODERATOR))) {
            assertThat(api.as(token).get("/partners/ozora/deliveries").statusCode()).isEqualTo(403);
        }
        for (String token : java.util.Arrays.asList(null, tokens.expired(InternalToken.OPERATOR),
                tokens.signedWithAnotherKey(InternalToken.OPERATOR), tokens.tampered(InternalToken.OPERATOR))) {
            assertThat(api.as(token).get("/partners/ozora/deliveries").statusCode()).isEqualTo(401);
        }
        assertThat(api.as(null).get("/actuator/health/readiness").statusCode()).isEqualTo(200);
    }

    /**
     * Object-level access, against regional-sync itself: ozora's token on ozora's own path naming the council's
     * endpoint, delivery or subscription finds nothing (404, as for an id that does not exist); on the council's path
     * it is refused (403); either way the council's objects are unchanged.
     */
    @Test
    void ozorasTokenReachesNoneOfTheCouncilsObjectsThroughEitherPath() {
        String endpointId = json(api.post("/partners/okhotsk-council/endpoints", "{\"url\":\"" + PUBLIC_URL + "\"}"))
                .path("endpoint").path("id").asString();
        Endpoint endpointBefore = directory.endpoint(endpointId).orElseThrow();
        String tag = "t-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> subscribed = api.post("/partners/okhotsk-council/subscriptions", "{\"tags\":[\"" + tag
                + "\"],\"delivery\":\"WEBHOOK\",\"endpointId\":\"" + endpointId + "\"}");
        assertThat(subscribed.statusCode()).as(subscribed.body()).isEqualTo(201);
        String subscriptionId = json(subscribed).path("id").asString();
        String subscriptionBefore = api.get("/partners/okhotsk-council/subscriptions/" + subscriptionId).body();
        String measure = "a-" + UUID.randomUUID().toString().substring(0, 8);
        jp.renkei.sync.support.PlanEvents.publish(List.of(
                jp.renkei.sync.support.PlanEvents.revision(measure, 2, List.of(tag))));
        String deliveryId = await().atMost(Duration.ofSeconds(60)).until(() -> json(api.get(
                "/partners/okhotsk-council/deliveries?subject=measures/" + measure)), list -> list.size() == 1)
                .get(0).path("id").asString();

        SyncApi ozora = api.as(TestTokens.shared().partner("ozora"));
        List<String> reached = new java.util.ArrayList<>();
        for (String partner : List.of("ozora", "okhotsk-council")) {
            int expected = partner.equals("ozora") ? 404 : 403;
            String base = "/partners/" + partner;
            List<HttpResponse<String>> answers = List.of(
                    ozora.post(base + "/endpoints/" + endpointId + "/pause", ""),
                    ozora.post(base + "/endpoints/" + endpointId + "/resume", ""),
                    ozora.post(base + "/endpoints/" + endpointId + "/rotate-secret", ""),
                    ozora.put(base + "/endpoints/" + endpointId + "/throttle", "{\"deliveriesPerSecond\":1}"),
                    ozora.get(base + "/deliveries/" + deliveryId),
                    ozora.post(base + "/deliveries/" + deliveryId + "/retry", ""),
                    ozora.get(base + "/subscriptions/" + subscriptionId),
                    ozora.put(base + "/subscriptions/" + subscriptionId,
                            "{\"description\":\"乗っ取り\",\"eventTypes\":[\"jp.renkei.plan.*\"],\"delivery\":\"FEED\"}"),
                    ozora.delete(base + "/subscriptions/" + subscriptionId));
            for (HttpResponse<String> answer : answers) {
                if (answer.statusCode() != expected || !answer.headers().firstValue("Content-Type").orElse("")
                        .startsWith("application/problem+json")) {
                    reached.add(answer.request().method() + " " + answer.uri().getPath() + ": " + answer.statusCode()
                            + " " + answer.body());
                }
            }
        }
        assertThat(reached).isEmpty();

        Endpoint endpointAfter = directory.endpoint(endpointId).orElseThrow();
        assertThat(endpointAfter.enabled()).isEqualTo(endpointBefore.enabled());
        assertThat(endpointAfter.secret()).isEqualTo(endpointBefore.secret());
        assertThat(endpointAfter.previousSecret()).isEqualTo(endpointBefore.previousSecret());
        assertThat(endpointAfter.maxDeliveriesPerSecond()).isEqualTo(endpointBefore.maxDeliveriesPerSecond());
        assertThat(api.get("/partners/okhotsk-council/subscriptions/" + subscriptionId).body())
                .isEqualTo(subscriptionBefore);
    }

    @Test
    void perPartnerDeliveryMetricsAreOnPrometheus() {
        String scrape = await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/actuator/prometheus").body(),
                body -> body.contains("renkei_sync_partner_backlog{partner=\"ozora\"}"));
        assertThat(scrape).contains("renkei_sync_partner_oldest_pending_age_seconds{partner=\"abashiri-fire-union\"}");
    }
}
