package jp.renkei.plan.web;

import static jp.renkei.plan.support.PlanApi.PLAN;
import static jp.renkei.plan.support.PlanApi.editable;
import static jp.renkei.plan.support.PlanApi.etag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import jp.renkei.contracts.security.InternalToken;
import jp.renkei.localstack.test.RenkeiInfrastructure;
import jp.renkei.localstack.test.RenkeiInfrastructureExtension;
import jp.renkei.plan.support.PlanApi;
import jp.renkei.support.security.testing.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * plan-service accepts only the gateway's token — even from localhost — and checks the roles itself: anyone with a
 * valid token reads, only a PLAN_EDITOR writes.
 */
@ExtendWith(RenkeiInfrastructureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        useMainMethod = SpringBootTest.UseMainMethod.ALWAYS)
class PlanSecurityIntegrationTest {

    private static final String MEASURE = PLAN + "/measures/5-1-2";
    private static final TestTokens TOKENS = TestTokens.shared();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        RenkeiInfrastructure.shared().springProperties("plan-" + UUID.randomUUID())
                .forEach((name, value) -> registry.add(name, () -> value));
        TOKENS.springProperties().forEach((name, value) -> registry.add(name, () -> value));
    }

    @Test
    void withoutAValidTokenEveryCallIs401Problem() {
        assertUnauthorized(as(null).get(MEASURE));
        assertUnauthorized(as(TOKENS.tampered(InternalToken.PLAN_EDITOR)).get(MEASURE));
        assertUnauthorized(as(TOKENS.expired(InternalToken.PLAN_EDITOR)).get(MEASURE));
        assertUnauthorized(as(TOKENS.signedWithAnotherKey(InternalToken.PLAN_EDITOR)).get(MEASURE));
        assertUnauthorized(as(TOKENS.with(claims -> claims.issuer("someone-else"), InternalToken.PLAN_EDITOR))
                .get(MEASURE));
        assertUnauthorized(as(TOKENS.with(claims -> claims.audience("another-system"), InternalToken.PLAN_EDITOR))
                .get(MEASURE));
        assertUnauthorized(as("not-a-jwt").get(MEASURE));
        assertUnauthorized(as(null).get("/no-such-path"));
        assertUnauthorized(as(null).get("/actuator/prometheus"));
    }

    @Test
    void onlyTokensMintedForPlanServiceAreAccepted() {
        assertUnauthorized(as(TOKENS.with(claims -> claims.audience("regional-sync-service"), InternalToken.PUBLIC))
                .get(MEASURE));
        assertUnauthorized(as(TOKENS.with(claims -> claims.audience("consultation-service"), InternalToken.PUBLIC))
                .get(MEASURE));
        assertThat(as(TOKENS.with(claims -> claims.audience("plan-service"), InternalToken.PUBLIC)).get(MEASURE)
                .statusCode()).isEqualTo(200);
    }

    @Test
    void publicReadsMayBeCachedBrieflyAndRevalidatedButStaffReadsAreNeverStored() {
        HttpResponse<String> anonymous = as(TOKENS.anonymous()).get(MEASURE);
        assertThat(anonymous.headers().firstValue("Cache-Control").orElse(""))
                .contains("public").contains("max-age=").contains("must-revalidate");
        assertThat(anonymous.headers().firstValue("Vary").orElse("")).containsIgnoringCase("Authorization");
        HttpResponse<String> notModified = as(TOKENS.anonymous()).get(MEASURE, etag(anonymous));
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();

        HttpResponse<String> editor = as(TOKENS.editor()).get(MEASURE);
        assertThat(editor.statusCode()).isEqualTo(200);
        assertThat(editor.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
        assertThat(as(TOKENS.editor()).get("/plans/abashiri-comprehensive-plan").headers()
                .firstValue("Cache-Control").orElse("")).contains("no-store");
        assertThat(as(TOKENS.anonymous()).get("/plans/abashiri-comprehensive-plan").headers()
                .firstValue("Cache-Control").orElse("")).contains("public");
    }

    @Test
    void aForgedOrExpiredEditorTokenChangesNothing() {
        HttpResponse<String> current = as(TOKENS.anonymous()).get(MEASURE);
        ObjectNode body = editable(current.body()).put("title", "改ざん");

        for (String token : new String[] {null, TOKENS.tampered(InternalToken.PLAN_EDITOR),
                TOKENS.expired(InternalToken.PLAN_EDITOR), TOKENS.signedWithAnotherKey(InternalToken.PLAN_EDITOR)}) {
            assertUnauthorized(as(token).put(MEASURE, etag(current), body));
        }
        assertThat(as(TOKENS.anonymous()).get(MEASURE).body()).doesNotContain("改ざん");
    }

    @Test
    void aPublicTokenReadsButDoesNotWrite() {
        PlanApi anonymous = as(TOKENS.anonymous());
        HttpResponse<String> read = anonymous.get(MEASURE);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(anonymous.get(PLAN).statusCode()).isEqualTo(200);

        HttpResponse<String> write = anonymous.put(MEASURE, etag(read), editable(read.body()).put("title", "市民活動"));
        assertForbidden(write);
        assertForbidden(as(TOKENS.partner("ozora")).put(MEASURE, etag(read), editable(read.body())));
        assertForbidden(as(TOKENS.token("moderator", InternalToken.MODERATOR)).post(PLAN + "/measures", null,
                editable(read.body())));
    }

    @Test
    void anEditorTokenWritesAndTheRevisionNamesTheEditor() {
        PlanApi editor = as(TOKENS.token("企画課 山田", InternalToken.PLAN_EDITOR));
        HttpResponse<String> read = editor.get(MEASURE);
        ObjectNode body = editable(read.body()).put("reason", "権限の確認");

        HttpResponse<String> revised = editor.put(MEASURE, etag(read), body);

        assertThat(revised.statusCode()).isEqualTo(200);
        // the history is written as the event leaves the outbox, a moment after the answer
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(JsonMapper.builder().build()
                .readTree(editor.get(MEASURE + "/revisions").body()).findValuesAsString("editor")).contains("企画課 山田"));
    }

    @Test
    void onlyTheHealthProbesAreOpen() {
        PlanApi nobody = as(null);
        assertThat(nobody.get("/actuator/health").statusCode()).isEqualTo(200);
        assertThat(nobody.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
        assertThat(nobody.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
        assertUnauthorized(nobody.get("/v3/api-docs"));
    }

    private PlanApi as(String token) {
        return new PlanApi(port, token);
    }

    private static void assertUnauthorized(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.uri().toString()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(response.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
        assertThat(response.body()).doesNotContain("Exception");
    }

    private static void assertForbidden(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    }
}
