package jp.renkei.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import jp.renkei.contracts.webhooks.WebhookSignature;
import jp.renkei.inbox.processing.ReceivedEventHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The inbox as a partner runs it: its own HTTP server, its store on disk, requests signed as Renkei signs them. */
@ExtendWith(OutputCaptureExtension.class)
class PartnerInboxTest {

    private static final String SECRET = WebhookSignature.newSecret(new SecureRandom(), 32);
    private static final String OTHER_SECRET = WebhookSignature.newSecret(new SecureRandom(), 32);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path store;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T09:00:00Z"));
    private volatile ReceivedEventHandler handler = event -> { };

    @Test
    void acceptsASignedEventOnceAndKeepsItAcrossARestart() throws Exception {
        String body = event("evt-1");
        try (ConfigurableApplicationContext inbox = start()) {
            String url = url(inbox);
            assertThat(post(url, "ozora", "evt-1", clock.instant(), body, SECRET).statusCode()).isEqualTo(204);
            assertThat(post(url, "ozora", "evt-1", clock.instant(), body, SECRET).statusCode()).isEqualTo(200);
            assertThat(list(url, "ozora")).hasSize(1);
        }
        try (ConfigurableApplicationContext restarted = start()) {
            String url = url(restarted);
            JsonNode received = list(url, "ozora");
            assertThat(received).hasSize(1);
            assertThat(received.get(0).path("event").path("data").path("text").asString()).isEqualTo("広域連携：１２３①");
            assertThat(post(url, "ozora", "evt-1", clock.instant(), body, SECRET).statusCode()).isEqualTo(200);
            assertThat(list(url, "ozora")).hasSize(1);
        }
        assertThat(Files.readAllLines(store.resolve("ozora.jsonl"), StandardCharsets.UTF_8)).hasSize(1);
    }

    @Test
    void withAReadTokenTheListingNeedsItEvenFromThisMachine() throws Exception {
        try (ConfigurableApplicationContext inbox = start("--renkei.inbox.read-token=inbox-reader-0c1d")) {
            String url = url(inbox);
            assertThat(post(url, "ozora", "evt-r", clock.instant(), event("evt-r"), SECRET).statusCode()).isEqualTo(204);
            HttpRequest.Builder listing = HttpRequest.newBuilder(URI.create(url + "/inbox?partnerId=ozora"))
                    .timeout(Duration.ofSeconds(30)).GET();
            HttpResponse<String> anonymous = http.send(listing.build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> reader = http.send(listing.header("Authorization", "Bearer inbox-reader-0c1d").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertProblem(anonymous, 401, "Authorization");
            assertThat(reader.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(reader.body())).hasSize(1);
        }
    }

    @Test
    void refusesTimestampsTooOldOrTooFarInTheFutureAndAcceptsThoseWithinTheTolerance() throws Exception {
        try (ConfigurableApplicationContext inbox = start()) {
            String url = url(inbox);
            Instant now = clock.instant();
            assertProblem(post(url, "ozora", "old", now.minusSeconds(301), event("old"), SECRET), 401, "webhook-timestamp");
            assertProblem(post(url, "ozora", "future", now.plusSeconds(301), event("future"), SECRET), 401,
                    "webhook-timestamp");
            assertThat(list(url, "ozora")).isEmpty();
            assertThat(post(url, "ozora", "late", now.minusSeconds(299), event("late"), SECRET).statusCode()).isEqualTo(204);
            assertThat(post(url, "ozora", "early", now.plusSeconds(299), event("early"), SECRET).statusCode())
                    .isEqualTo(204);
        }
    }

    @Test
    void aCapturedRequestSentAgainLaterIsRefusedAndTheSameIdFreshlySignedIsNotStoredTwice() throws Exception {
        try (ConfigurableApplicationContext inbox = start()) {
            String url = url(inbox);
            Instant signedAt = clock.instant();
            assertThat(post(url, "ozora", "evt-r", signedAt, event("evt-r"), SECRET).statusCode()).isEqualTo(204);
            // the id is signed: a captured request under a new id (to slip past the de-duplication) does not verify
            assertProblem(postSignedAs(url, "ozora", "evt-other", "evt-r", signedAt, event("evt-r")), 401,
                    "webhook-signature");

            clock.advance(Duration.ofMinutes(6));
            assertProblem(post(url, "ozora", "evt-r", signedAt, event("evt-r"), SECRET), 401, "webhook-timestamp");

            assertThat(post(url, "ozora", "evt-r", clock.instant(), event("evt-r"), SECRET).statusCode()).isEqualTo(200);
            assertThat(list(url, "ozora")).hasSize(1);
        }
    }

    @Test
    void acceptsAnyOfSeveralSignaturesAndAnyOfSeveralSecretsDuringARotation() throws Exception {
        String newSecret = WebhookSignature.newSecret(new SecureRandom(), 32);
        try (ConfigurableApplicationContext inbox = start("--renkei.inbox.secrets.okhotsk-council=" + SECRET + ","
                + newSecret)) {
            String url = url(inbox);
            long timestamp = clock.instant().getEpochSecond();
            byte[] body = event("rot-1").getBytes(StandardCharsets.UTF_8);
            String both = WebhookSignature.forSecret(OTHER_SECRET).sign("rot-1", timestamp, body) + " "
                    + WebhookSignature.forSecret(SECRET).sign("rot-1", timestamp, body);
            assertThat(send(url, "ozora", "rot-1", timestamp, both, body).statusCode()).isEqualTo(204);

            String onlyOthers = "v1,bm90IGEgc2lnbmF0dXJl " + WebhookSignature.forSecret(OTHER_SECRET)
                    .sign("rot-2", timestamp, body);
            assertProblem(send(url, "ozora", "rot-2", timestamp, onlyOthers, body), 401, "webhook-signature");

            assertThat(post(url, "okhotsk-council", "rot-3", clock.instant(), event("rot-3"), SECRET).statusCode())
                    .isEqualTo(204);
            assertThat(post(url, "okhotsk-council", "rot-4", clock.instant(), event("rot-4"), newSecret).statusCode())
                    .isEqualTo(204);
            assertThat(list(url, null)).extracting(node -> node.path("webhookId").asString())
                    .containsExactlyInAnyOrder("rot-1", "rot-3", "rot-4");
        }
    }

    @Test
    void badRequestsAreProblemsNamingTheFieldAndStoreNothing() throws Exception {
        try (ConfigurableApplicationContext inbox = start("--renkei.inbox.max-body-size=1KB")) {
            String url = url(inbox);
            Instant now = clock.instant();
            assertProblem(post(url, "ozora", "bad-1", now, event("bad-1"), OTHER_SECRET), 401, "webhook-signature");
            assertProblem(post(url, "nowhere", "bad-2", now, event("bad-2"), SECRET), 404, "partnerId");
            assertProblem(post(url, "ozora", "bad-3", now, "{\"id\":", SECRET), 400, "body");
            assertProblem(post(url, "ozora", "bad-4", now, "[1,2]", SECRET), 400, "body");
            byte[] body = event("bad-5").getBytes(StandardCharsets.UTF_8);
            assertProblem(http.send(HttpRequest.newBuilder(URI.create(url + "/webhooks/ozora"))
                    .timeout(Duration.ofSeconds(30))
                    .header("webhook-timestamp", Long.toString(now.getEpochSecond()))
                    .header("webhook-signature", WebhookSignature.forSecret(SECRET).sign("bad-5", now.getEpochSecond(), body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString()),
                    400, "webhook-id");
            assertProblem(send(url, "ozora", "bad-6", now.getEpochSecond(), "v1,abc", body, "yesterday"), 400,
                    "webhook-timestamp");

            String large = "{\"id\":\"big\",\"data\":\"" + "網".repeat(400) + "\"}";
            assertProblem(post(url, "ozora", "big", now, large, SECRET), 413, "body");
            byte[] largeBytes = large.getBytes(StandardCharsets.UTF_8);
            // without a Content-Length (chunked) the limit holds while reading
            assertProblem(http.send(HttpRequest.newBuilder(URI.create(url + "/webhooks/ozora"))
                    .timeout(Duration.ofSeconds(30))
                    .header("webhook-id", "big-chunked")
                    .header("webhook-timestamp", Long.toString(now.getEpochSecond()))
                    .header("webhook-signature", WebhookSignature.forSecret(SECRET).sign("big-chunked",
                            now.getEpochSecond(), largeBytes))
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(largeBytes))).build(),
                    HttpResponse.BodyHandlers.ofString()), 413, "body");
            assertThat(list(url, null)).isEmpty();
            assertThat(store.resolve("ozora.jsonl")).isEmptyFile();
        }
    }

    @Test
    void answersBeforeTheEventIsProcessedAndAfterARestartProcessesWhatWasLeft() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<String> processed = new CopyOnWriteArrayList<>();
        handler = event -> {
            if (!release.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
            processed.add(event.webhookId());
        };
        try (ConfigurableApplicationContext inbox = start()) {
            String url = url(inbox);
            // the handler is blocked: were it in the request, these would not be answered
            assertThat(post(url, "ozora", "p-1", clock.instant(), event("p-1"), SECRET).statusCode()).isEqualTo(204);
            assertThat(post(url, "ozora", "p-2", clock.instant(), event("p-2"), SECRET).statusCode()).isEqualTo(204);
            release.countDown();
            await().atMost(Duration.ofSeconds(20)).until(() -> processed.size() == 2);
            assertThat(processed).containsExactly("p-1", "p-2");

            handler = event -> {
                throw new IllegalStateException("downstream is down");
            };
            assertThat(post(url, "ozora", "p-3", clock.instant(), event("p-3"), SECRET).statusCode()).isEqualTo(204);
        }
        List<String> afterRestart = new CopyOnWriteArrayList<>();
        handler = event -> afterRestart.add(event.webhookId());
        try (ConfigurableApplicationContext restarted = start()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> afterRestart.contains("p-3"));
            assertThat(afterRestart).containsExactly("p-3");
        }
    }

    @Test
    void aHandlerThatFailsIsCalledAgainUntilItSucceeds() throws Exception {
        List<String> attempts = new CopyOnWriteArrayList<>();
        handler = event -> {
            attempts.add(event.webhookId());
            if (attempts.size() < 2) {
                throw new IllegalStateException("downstream is down");
            }
        };
        try (ConfigurableApplicationContext inbox = start()) {
            assertThat(post(url(inbox), "ozora", "f-1", clock.instant(), event("f-1"), SECRET).statusCode())
                    .isEqualTo(204);
            await().atMost(Duration.ofSeconds(20)).until(() -> attempts.size() == 2);
            assertThat(attempts).containsExactly("f-1", "f-1");
        }
    }

    @Test
    void aLastLineCutShortByACrashIsDroppedAndTheRestIsKept() throws Exception {
        try (ConfigurableApplicationContext inbox = start()) {
            assertThat(post(url(inbox), "ozora", "c-1", clock.instant(), event("c-1"), SECRET).statusCode())
                    .isEqualTo(204);
        }
        Files.writeString(store.resolve("ozora.jsonl"), "{\"partnerId\":\"ozora\",\"webhookId\":\"c-2\",\"rece",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        try (ConfigurableApplicationContext restarted = start()) {
            String url = url(restarted);
            assertThat(list(url, "ozora")).extracting(node -> node.path("webhookId").asString()).containsExactly("c-1");
            // the sender was never answered for c-2, so it sends it again
            assertThat(post(url, "ozora", "c-2", clock.instant(), event("c-2"), SECRET).statusCode()).isEqualTo(204);
        }
        try (ConfigurableApplicationContext again = start()) {
            assertThat(list(url(again), "ozora")).extracting(node -> node.path("webhookId").asString())
                    .containsExactly("c-1", "c-2");
        }
    }

    @Test
    void secretsNeverAppearInTheLogAndABadOneStopsTheStartNamingOnlyTheSetting(CapturedOutput output) throws Exception {
        try (ConfigurableApplicationContext inbox = start()) {
            String url = url(inbox);
            post(url, "ozora", "s-1", clock.instant(), event("s-1"), SECRET);
            post(url, "ozora", "s-2", clock.instant(), event("s-2"), OTHER_SECRET);
            inbox.getBean(InboxProperties.class).toString();
        }
        String notBase64 = "whsec_not-base64-at-all!!" + "x".repeat(30);
        assertThatThrownBy(() -> start("--renkei.inbox.secrets.ozora=" + notBase64))
                .rootCause().hasMessageContaining("renkei.inbox.secrets.ozora").hasMessageNotContaining(notBase64);
        assertThat(output.getAll()).contains("refused webhook s-2").doesNotContain(SECRET.substring(6))
                .doesNotContain(OTHER_SECRET.substring(6)).doesNotContain(notBase64);
    }

    @Test
    void aPartnerAnswersAnEventThroughTheGatewayWithItsOwnKeyTextByteForByte() throws Exception {
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer gateway = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        gateway.createContext("/api/partners/", exchange -> {
            seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                    + exchange.getRequestHeaders().getFirst("Authorization") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] answer = "{\"id\":\"ozora:evt-9\",\"text\":\"異議あり：第２項①\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(201, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        gateway.start();
        String body = "{\"kind\":\"OBJECTED\",\"text\":\"異議あり：第２項①\",\"section\":\"基本方針\"}";
        try (ConfigurableApplicationContext inbox = start("--renkei.inbox.read-token=inbox-reader-0c1d",
                "--renkei.inbox.gateway-url=http://127.0.0.1:" + gateway.getAddress().getPort(),
                "--renkei.inbox.api-keys.ozora=rk_ozora_key")) {
            HttpRequest.Builder respond = HttpRequest.newBuilder(URI.create(url(inbox) + "/inbox/ozora/responses/evt-9"))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            assertProblem(http.send(respond.build(), HttpResponse.BodyHandlers.ofString()), 401, "Authorization");
            HttpResponse<String> sent = http.send(respond.header("Authorization", "Bearer inbox-reader-0c1d").build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertThat(sent.statusCode()).isEqualTo(201);
            assertThat(JSON.readTree(sent.body()).path("text").asString()).isEqualTo("異議あり：第２項①");
            assertThat(seen).containsExactly("PUT /api/partners/ozora/responses/evt-9 Bearer rk_ozora_key " + body);
            HttpResponse<String> noKey = http.send(HttpRequest.newBuilder(URI.create(url(inbox)
                            + "/inbox/okhotsk-council/responses/evt-9")).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer inbox-reader-0c1d").header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertProblem(noKey, 404, "partnerId");
            assertThat(seen).hasSize(1);
            assertThat(inbox.getBean(InboxProperties.class).toString()).doesNotContain("rk_ozora_key");
        } finally {
            gateway.stop(0);
        }
    }

    private ConfigurableApplicationContext start(String... more) {
        List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--renkei.inbox.store-dir=" + store,
                "--renkei.inbox.secrets.ozora=" + SECRET));
        arguments.addAll(List.of(more));
        return PartnerInboxApplication.application()
                .initializers(context -> {
                    context.getBeanFactory().registerSingleton("testClock", clock);
                    context.getBeanFactory().registerSingleton("testHandler", (ReceivedEventHandler) event ->
                            handler.handle(event));
                })
                .run(arguments.toArray(String[]::new));
    }

    private static String event(String id) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"type\":\"jp.renkei.plan.measure.revised.v1\","
                + "\"data\":{\"title\":\"広域連携\",\"text\":\"広域連携：１２３①\"}}";
    }

    private static String url(ConfigurableApplicationContext context) {
        return "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
    }

    private HttpResponse<String> post(String url, String partnerId, String id, Instant at, String body, String secret)
            throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        long timestamp = at.getEpochSecond();
        return send(url, partnerId, id, timestamp, WebhookSignature.forSecret(secret).sign(id, timestamp, bytes), bytes);
    }

    /** A request under {@code id} carrying the signature that was made for {@code signedId}. */
    private HttpResponse<String> postSignedAs(String url, String partnerId, String id, String signedId, Instant at,
                                              String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        long timestamp = at.getEpochSecond();
        return send(url, partnerId, id, timestamp, WebhookSignature.forSecret(SECRET).sign(signedId, timestamp, bytes),
                bytes);
    }

    private HttpResponse<String> send(String url, String partnerId, String id, long timestamp, String signature,
                                      byte[] body) throws Exception {
        return send(url, partnerId, id, timestamp, signature, body, Long.toString(timestamp));
    }

    private HttpResponse<String> send(String url, String partnerId, String id, long timestamp, String signature,
                                      byte[] body, String timestampHeader) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url + "/webhooks/" + partnerId))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/cloudevents+json; charset=utf-8")
                .header("webhook-id", id)
                .header("webhook-timestamp", timestampHeader)
                .header("webhook-signature", signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertProblem(HttpResponse<String> response, int status, String field) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("field").asString()).isEqualTo(field);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    private JsonNode list(String url, String partnerId) throws Exception {
        String query = partnerId == null ? "" : "?partnerId=" + partnerId;
        return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(url + "/inbox" + query))
                        .timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body());
    }

    /** A clock the test moves, to send a captured request again "later". */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
