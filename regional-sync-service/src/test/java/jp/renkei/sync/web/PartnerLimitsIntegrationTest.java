package jp.renkei.sync.web;

import static jp.renkei.sync.support.PlanEvents.publish;
import static jp.renkei.sync.support.PlanEvents.revision;
import static jp.renkei.sync.support.SyncApi.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import jp.renkei.contracts.webhooks.WebhookSignature;
import jp.renkei.localstack.test.RenkeiInfrastructureExtension;
import jp.renkei.sync.partner.PartnerDirectory;
import jp.renkei.sync.support.StandInPartner;
import jp.renkei.sync.support.SyncApi;
import jp.renkei.sync.support.TestSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** The guard rails on partners' own calls: over a limit, a 4xx problem that names it, and nothing done. */
@ExtendWith(RenkeiInfrastructureExtension.class)
// closed after the class: a context left running would keep its consumers, dispatcher and stand-ins busy
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        useMainMethod = SpringBootTest.UseMainMethod.ALWAYS,
        properties = {"renkei.sync.limits.endpoints-per-partner=2", "renkei.sync.limits.subscriptions-per-partner=2",
                "renkei.sync.limits.recover-interval=1h", "renkei.sync.limits.replay-interval=0s",
                "renkei.sync.limits.replay-reach=7d", "renkei.sync.webhook-allow-list=127.0.0.1:*",
                "renkei.sync.delivery.retry-schedule=0s,1h"})
class PartnerLimitsIntegrationTest {

    private static final String SECRET = WebhookSignature.newSecret(new SecureRandom(), 32);
    /** Never accepts anything, so what is queued for it stays queued. */
    private static final StandInPartner DOWN = new StandInPartner("ozora", SECRET);

    @LocalServerPort
    int port;
    @Autowired
    PartnerDirectory directory;

    private SyncApi api;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestSettings.register(registry);
        DOWN.status = () -> 503;
        registry.add("renkei.sync.bootstrap-endpoints.ozora.url", DOWN::url);
        registry.add("renkei.sync.bootstrap-endpoints.ozora.secret", () -> SECRET);
    }

    @AfterAll
    static void stop() {
        DOWN.close();
    }

    @BeforeEach
    void client() {
        api = new SyncApi(port);
    }

    @Test
    void aPartnerOverItsEndpointOrSubscriptionQuotaGetsAProblemNamingTheLimitAndNothingIsAdded() {
        String partner = newPartner();
        for (int n = 0; n < 2; n++) {
            assertThat(api.post("/partners/" + partner + "/endpoints", "{\"url\":\"https://93.184.216.34/r" + n + "\"}")
                    .statusCode()).isEqualTo(201);
            assertThat(api.post("/partners/" + partner + "/subscriptions", "{\"tags\":[\"t" + n
                    + "\"],\"delivery\":\"FEED\"}").statusCode()).isEqualTo(201);
        }

        limit(api.post("/partners/" + partner + "/endpoints", "{\"url\":\"https://93.184.216.34/r3\"}"), 409,
                "endpoints-per-partner");
        limit(api.post("/partners/" + partner + "/subscriptions", "{\"tags\":[\"t3\"],\"delivery\":\"FEED\"}"), 409,
                "subscriptions-per-partner");
        assertThat(directory.endpointsOf(partner)).hasSize(2);
        assertThat(directory.subscriptionsOf(partner)).hasSize(2);
    }

    @Test
    void recoveringTooOftenOrReplayingTooFarBackIsRefusedNamingTheLimit() {
        String since = Instant.now().minus(Duration.ofHours(1)).toString();
        assertThat(api.post("/partners/okhotsk-council/recover", "{\"since\":\"" + since + "\"}").statusCode())
                .isEqualTo(202);
        HttpResponse<String> again = api.post("/partners/okhotsk-council/recover", "{\"since\":\"" + since + "\"}");
        limit(again, 429, "recover-interval");
        assertThat(again.headers().firstValue("Retry-After").map(Long::parseLong).orElse(0L)).isPositive();

        HttpResponse<String> tooFarBack = api.post("/partners/okhotsk-council/replay", "{\"since\":\""
                + Instant.now().minus(Duration.ofDays(8)) + "\"}");
        limit(tooFarBack, 400, "replay-reach");
        assertThat(json(tooFarBack).path("field").asString()).isEqualTo("since");
    }

    @Test
    void replayingTheSameWindowTwiceQueuesItsDeliveriesOnce() {
        String measure = "r-" + UUID.randomUUID().toString().substring(0, 6);
        Instant since = Instant.now().minusSeconds(1);
        publish(List.of(revision(measure, 2, List.of("広域連携"))));
        await().atMost(Duration.ofSeconds(30)).until(() -> !DOWN.refused(measure).isEmpty());
        String window = "{\"since\":\"" + since + "\",\"until\":\"" + Instant.now().plusSeconds(1) + "\"}";

        JsonNode first = json(api.post("/partners/ozora/replay", window));
        JsonNode second = json(api.post("/partners/ozora/replay", window));

        assertThat(first.path("deliveries").asInt()).isEqualTo(1);
        assertThat(second.path("replayId").asString()).isEqualTo(first.path("replayId").asString());
        assertThat(second.path("deliveries").asInt()).isZero();
        assertThat(json(api.get("/partners/ozora/deliveries?status=PENDING&subject=measures/" + measure)))
                .hasSize(2);
    }

    private String newPartner() {
        String id = "p-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(api.post("/partners", "{\"id\":\"" + id + "\",\"name\":\"斜里町\"}").statusCode()).isEqualTo(201);
        return id;
    }

    private static void limit(HttpResponse<String> response, int status, String limit) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(json(response).path("limit").asString()).as(response.body()).isEqualTo(limit);
    }
}
