package jp.renkei.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import jp.renkei.gateway.support.RunningGateway;
import jp.renkei.gateway.support.StandInService;
import jp.renkei.localstack.test.RenkeiInfrastructureExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The gateway in front of a stand-in service: routing, request ids, retries of reads only, the 503 problem for a
 * service that is down or too slow, body, URL, header and rate limits, CORS.
 */
@ExtendWith(RenkeiInfrastructureExtension.class)
class GatewayEdgeTest {

    private static final String CITY = "https://www.city.abashiri.hokkaido.jp";
    private static RunningGateway gateway;

    @BeforeAll
    static void start() {
        gateway = new RunningGateway("--renkei.gateway.timeout-millis.plan-service=2000",
                "--renkei.gateway.max-request-size=1KB",
                "--renkei.gateway.opinion-posts.capacity=2", "--renkei.gateway.opinion-posts.refill=2",
                "--renkei.gateway.opinion-posts.period=1h",
                "--renkei.gateway.cors.allowed-origins=" + CITY);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void routesToTheServiceWithARequestIdBothWays() {
        HttpResponse<String> response = gateway.get("/api/plans/abashiri-comprehensive-plan");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"path\":\"/plans/abashiri-comprehensive-plan\"").contains("広域連携");
        String id = response.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(response.headers().allValues("X-Request-Id")).as("the gateway's and the service's, once").containsExactly(id);
        assertThat(gateway.service().withRequestId(id).path()).isEqualTo("/plans/abashiri-comprehensive-plan");
        assertThat(response.headers().firstValue("X-Content-Type-Options")).contains("nosniff");

        HttpResponse<String> withOwnId = gateway.send(gateway.request("/api/plans/x")
                .header("X-Request-Id", "caller-chosen-id-42").GET());
        assertThat(withOwnId.headers().firstValue("X-Request-Id")).contains("caller-chosen-id-42");
    }

    @Test
    void readsAreRetriedButWritesAreNot() {
        gateway.get("/api/plans/flaky");
        gateway.send("POST", "/api/plans/flaky", gateway.editorKey, "{}");

        assertThat(gateway.service().calls("GET /plans/flaky")).isEqualTo(3);
        assertThat(gateway.service().calls("POST /plans/flaky")).isEqualTo(1);
    }

    @Test
    void swaggerUiOffersEveryServicesOpenApiDocumentThroughItsOwnRoute() {
        HttpResponse<String> config = gateway.get("/v3/api-docs/swagger-config");

        assertThat(config.statusCode()).as(config.body()).isEqualTo(200);
        assertThat(config.body()).contains("/api-docs/plan-service", "/api-docs/consultation-service",
                "/api-docs/regional-sync-service");
        HttpResponse<String> planDocs = gateway.get("/api-docs/plan-service");
        assertThat(planDocs.body()).contains("\"path\":\"/v3/api-docs\"");
        // consultation-service is down in this test: a route exists (an unrouted path would be 404)
        assertThat(gateway.get("/api-docs/consultation-service").statusCode()).isNotEqualTo(404);
    }

    @Test
    void aServiceThatIsDownIsA503ProblemAtOnce() {
        // a client that gives up well before the route's 10-second response timeout still gets the answer: the
        // refused connection is answered at once, not waited out
        HttpResponse<String> response = gateway.send(gateway.request("/api/consultations")
                .timeout(Duration.ofSeconds(5)).GET());

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(response.body()).contains("consultation-service").doesNotContain("Exception");
    }

    @Test
    void aServiceSlowerThanItsRouteTimeoutIsA503Problem() {
        // plan-service holds its answer until the gateway has given up on it (its route times out after 2 s here)
        try (StandInService.Held slow = gateway.service().hold("/plans/slow")) {
            HttpResponse<String> response = gateway.send("POST", "/api/plans/slow", gateway.editorKey, "{}");

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.body()).contains("plan-service");
        }
    }

    @Test
    void manyRequestsWaitingAtOneServiceAtOnceAreAllPassedOnNoneRefusedByTheGateway() throws Exception {
        // partners' pull feeds wait up to 30 s for news, each partner one request or more, beside everybody else's
        int waiting = 60;
        String feed = "/partners/ozora/feed";
        HttpClient http = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        try (StandInService.Held held = gateway.service().hold(feed)) {
            for (int i = 0; i < waiting; i++) {
                answers.add(http.sendAsync(gateway.request("/api" + feed).header("Authorization", "Bearer "
                        + gateway.ozoraKey).GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> gateway.service().calls("GET " + feed) == waiting
                    || answers.stream().anyMatch(CompletableFuture::isDone));
            assertThat(answers).as("none answered while the service still holds them all").noneMatch(CompletableFuture::isDone);
            assertThat(gateway.service().calls("GET " + feed)).isEqualTo(waiting);
        }
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            assertThat(answer.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void anOversizeBodyIs413AndNeverReachesTheService() {
        String big = "{\"text\":\"" + "あ".repeat(1000) + "\"}";
        HttpResponse<String> declared = gateway.send("PUT", "/api/plans/big", gateway.editorKey, big);

        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(declared.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(gateway.service().calls("PUT /plans/big")).isZero();
    }

    @Test
    void opinionSubmissionsAreRateLimitedWithRetryAfter() {
        int[] statuses = new int[3];
        HttpResponse<String> last = null;
        for (int i = 0; i < 3; i++) {
            last = gateway.send("POST", "/api/consultations/c-1/opinions", null, "{}");
            statuses[i] = last.statusCode();
        }

        assertThat(statuses[0]).isNotEqualTo(429);
        assertThat(statuses[1]).isNotEqualTo(429);
        assertThat(statuses[2]).isEqualTo(429);
        assertThat(last.headers().firstValue("Retry-After")).hasValueSatisfying(
                seconds -> assertThat(Long.parseLong(seconds)).isPositive());
        assertThat(last.body()).contains("rate-limited");
    }

    @Test
    void pathsWithMatrixParametersAreRefused() {
        HttpResponse<String> dotSemicolon = gateway.send(gateway.request("/api/plans/x/..;/..;/keys")
                .header("Authorization", "Bearer " + gateway.editorKey).GET());
        HttpResponse<String> matrix = gateway.get("/api/plans/abashiri-comprehensive-plan;v=1");

        assertThat(dotSemicolon.statusCode()).isEqualTo(400);
        assertProblem(dotSemicolon, "ambiguous-path");
        assertThat(matrix.statusCode()).isEqualTo(400);
        assertThat(gateway.service().received()).noneMatch(request -> request.path().contains(";"));
    }

    @Test
    void aMethodTheGatewayDoesNotTakeIsA405Problem() {
        for (String path : new String[] {"/api/plans", "/api/keys", "/internal/jwks.json", "/v3/api-docs"}) {
            for (String method : new String[] {"TRACE", "FOO", "DELETE"}) {
                HttpResponse<String> refused = gateway.send(gateway.request(path)
                        .header("Authorization", "Bearer " + gateway.operatorKey)
                        .method(method, HttpRequest.BodyPublishers.noBody()));

                String shown = method + " " + path;
                assertThat(refused.statusCode()).as(shown).isBetween(400, 499);
                assertThat(refused.headers().firstValue("Content-Type").orElse("")).as(shown)
                        .startsWith("application/problem+json");
                assertThat(refused.body()).as(shown).contains("\"status\":" + refused.statusCode())
                        .doesNotContain("\"path\"").doesNotContain("\"error\"");
            }
        }
    }

    static void assertProblem(HttpResponse<String> response, String type) {
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(response.body()).contains("\"type\":\"https://renkei.jp/problems/" + type + "\"")
                .contains("\"status\":" + response.statusCode());
    }

    @Test
    void pathsThatAServiceCouldResolveDifferentlyAreRefused() {
        HttpResponse<String> dotted = gateway.send(gateway.request("/api/partners/ozora/%2e%2e/okhotsk-council/feed")
                .header("Authorization", "Bearer " + gateway.ozoraKey).GET());

        assertThat(dotted.statusCode()).isEqualTo(400);
        assertThat(gateway.service().received()).noneMatch(request -> request.path().contains("okhotsk-council"));
    }

    @Test
    void browsersOnTheCitysOriginMayCallAndOthersGetNoCorsHeaders() {
        HttpResponse<String> preflight = gateway.send(gateway.request("/api/plans/abashiri-comprehensive-plan/measures/5-2-2")
                .header("Origin", CITY).header("Access-Control-Request-Method", "PUT")
                .header("Access-Control-Request-Headers", "authorization, content-type, if-match")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).contains(CITY);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("PUT");

        HttpResponse<String> read = gateway.send(gateway.request("/api/plans/abashiri-comprehensive-plan")
                .header("Origin", CITY).GET());
        assertThat(read.headers().firstValue("Access-Control-Allow-Origin")).contains(CITY);
        assertThat(read.headers().firstValue("Access-Control-Expose-Headers").orElse("")).contains("ETag");

        HttpResponse<String> elsewhere = gateway.send(gateway.request("/api/plans/abashiri-comprehensive-plan")
                .header("Origin", "https://evil.example").header("Access-Control-Request-Method", "PUT")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertThat(elsewhere.statusCode()).isEqualTo(403);
        assertThat(elsewhere.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertProblem(elsewhere, "cors-refused");
    }

    @Test
    void anOverlongUrlOrHeaderIsRefusedWithAProblemAndNeverReachesTheService() {
        HttpResponse<String> longUrl = gateway.get("/api/plans/long?q=" + "a".repeat(10_000));
        assertThat(longUrl.statusCode()).isEqualTo(414);
        assertProblem(longUrl, "uri-too-long");

        HttpResponse<String> bigHeader = gateway.send(gateway.request("/api/plans/big-header")
                .header("X-Padding", "b".repeat(20_000)).GET());
        assertThat(bigHeader.statusCode()).isEqualTo(431);
        assertProblem(bigHeader, "headers-too-large");
        assertThat(gateway.service().received()).noneMatch(request -> request.path().equals("/plans/long")
                || request.path().equals("/plans/big-header"));
    }
}
