package jp.renkei.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The gateway in front of a stand-in service (the JDK's HTTP server on a free port): routing, request ids,
 * retries of reads only, the 503 problem for a service that is down or too slow, body and rate limits.
 */
class GatewayEdgeTest {

    private static HttpServer service;
    private static ConfigurableApplicationContext gateway;
    private static String url;
    private static final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private static final List<String> requestIds = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws IOException {
        service = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        service.setExecutor(Executors.newCachedThreadPool());
        service.createContext("/plans", exchange -> {
            String path = exchange.getRequestURI().getPath();
            calls.computeIfAbsent(exchange.getRequestMethod() + " " + path, key -> new AtomicInteger()).incrementAndGet();
            requestIds.add(String.valueOf(exchange.getRequestHeaders().getFirst("X-Request-Id")));
            exchange.getRequestBody().readAllBytes();
            switch (path) {
                case "/plans/flaky" -> respond(exchange, 503, "{}");
                case "/plans/slow" -> {
                    sleepQuietly(Duration.ofSeconds(4));
                    respond(exchange, 200, "{}");
                }
                default -> respond(exchange, 200, "{\"path\":\"" + path + "\",\"title\":\"広域連携\"}");
            }
        });
        service.start();
        String serviceUrl = "http://127.0.0.1:" + service.getAddress().getPort();
        gateway = GatewayApplication.application().run("--server.port=0",
                "--renkei.gateway.plan-service-uri=" + serviceUrl,
                "--renkei.gateway.consultation-service-uri=http://127.0.0.1:" + freePort(),
                "--renkei.gateway.regional-sync-service-uri=" + serviceUrl,
                "--renkei.gateway.timeout-millis.plan-service=2000",
                "--renkei.gateway.max-request-size=1KB",
                "--renkei.gateway.opinion-posts.capacity=2", "--renkei.gateway.opinion-posts.refill=2",
                "--renkei.gateway.opinion-posts.period=1h");
        url = "http://127.0.0.1:" + gateway.getEnvironment().getProperty("local.server.port");
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (service != null) {
            service.stop(0);
        }
    }

    @Test
    void routesToTheServiceWithARequestIdBothWays() throws Exception {
        HttpResponse<String> response = get("/api/plans/abashiri-comprehensive-plan");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"path\":\"/plans/abashiri-comprehensive-plan\"").contains("広域連携");
        String id = response.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(requestIds).contains(id);
        assertThat(response.headers().firstValue("X-Content-Type-Options")).contains("nosniff");

        HttpResponse<String> withOwnId = send(HttpRequest.newBuilder(URI.create(url + "/api/plans/x"))
                .header("X-Request-Id", "caller-chosen-id-42").GET());
        assertThat(withOwnId.headers().firstValue("X-Request-Id")).contains("caller-chosen-id-42");
    }

    @Test
    void readsAreRetriedButWritesAreNot() throws Exception {
        get("/api/plans/flaky");
        send(HttpRequest.newBuilder(URI.create(url + "/api/plans/flaky")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));

        assertThat(calls.get("GET /plans/flaky").get()).isEqualTo(3);
        assertThat(calls.get("POST /plans/flaky").get()).isEqualTo(1);
    }

    @Test
    void aServiceThatIsDownIsA503ProblemAtOnce() throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> response = get("/api/consultations");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(response.body()).contains("consultation-service").doesNotContain("Exception");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aServiceSlowerThanItsRouteTimeoutIsA503Problem() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url + "/api/plans/slow"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains("plan-service");
    }

    @Test
    void anOversizeBodyIs413AndNeverReachesTheService() throws Exception {
        String big = "{\"text\":\"" + "あ".repeat(1000) + "\"}";
        HttpResponse<String> declared = send(HttpRequest.newBuilder(URI.create(url + "/api/plans/big"))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(big)));

        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(declared.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(calls).doesNotContainKey("PUT /plans/big");
    }

    @Test
    void opinionSubmissionsAreRateLimitedWithRetryAfter() throws Exception {
        int[] statuses = new int[3];
        HttpResponse<String> last = null;
        for (int i = 0; i < 3; i++) {
            last = send(HttpRequest.newBuilder(URI.create(url + "/api/consultations/c-1/opinions"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")));
            statuses[i] = last.statusCode();
        }

        assertThat(statuses[0]).isNotEqualTo(429);
        assertThat(statuses[1]).isNotEqualTo(429);
        assertThat(statuses[2]).isEqualTo(429);
        assertThat(last.headers().firstValue("Retry-After")).hasValueSatisfying(
                seconds -> assertThat(Long.parseLong(seconds)).isPositive());
        assertThat(last.body()).contains("rate-limited");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url + path)).GET());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static void sleepQuietly(Duration duration) {
        try {
            // the stand-in service's own slowness, not a wait in the test
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
