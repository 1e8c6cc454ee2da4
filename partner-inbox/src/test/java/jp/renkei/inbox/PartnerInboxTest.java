package jp.renkei.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;
import jp.renkei.contracts.webhooks.WebhookSignature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class PartnerInboxTest {

    private static final String SECRET = WebhookSignature.newSecret(new SecureRandom(), 32);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path store;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void acceptsASignedEventOnceAndKeepsItAcrossARestart() throws Exception {
        String body = "{\"specversion\":\"1.0\",\"id\":\"evt-1\",\"type\":\"jp.renkei.plan.measure.revised.v1\","
                + "\"data\":{\"title\":\"広域連携\",\"text\":\"１２３①\"}}";
        try (ConfigurableApplicationContext inbox = start()) {
            String url = url(inbox);
            assertThat(post(url, "ozora", "evt-1", Instant.now(), body, SECRET).statusCode()).isEqualTo(204);
            assertThat(post(url, "ozora", "evt-1", Instant.now(), body, SECRET).statusCode()).isEqualTo(200);
            assertThat(list(url, "ozora")).hasSize(1);
        }
        try (ConfigurableApplicationContext restarted = start()) {
            String url = url(restarted);
            JsonNode received = list(url, "ozora");
            assertThat(received).hasSize(1);
            assertThat(received.get(0).path("event").path("data").path("text").asString()).isEqualTo("１２３①");
            assertThat(post(url, "ozora", "evt-1", Instant.now(), body, SECRET).statusCode()).isEqualTo(200);
            assertThat(list(url, "ozora")).hasSize(1);
        }
    }

    @Test
    void refusesWrongSignaturesStaleTimestampsAndUnknownPartners() throws Exception {
        String body = "{\"id\":\"evt-2\"}";
        try (ConfigurableApplicationContext inbox = start()) {
            String url = url(inbox);
            String otherSecret = WebhookSignature.newSecret(new SecureRandom(), 32);
            assertThat(post(url, "ozora", "evt-2", Instant.now(), body, otherSecret).statusCode()).isEqualTo(401);
            assertThat(post(url, "ozora", "evt-2", Instant.now().minusSeconds(600), body, SECRET).statusCode())
                    .isEqualTo(401);
            assertThat(post(url, "nowhere", "evt-2", Instant.now(), body, SECRET).statusCode()).isEqualTo(404);
            assertThat(list(url, null)).isEmpty();
        }
    }

    private ConfigurableApplicationContext start() {
        return PartnerInboxApplication.application().run(
                "--server.port=0",
                "--renkei.inbox.store-dir=" + store,
                "--renkei.inbox.secrets.ozora=" + SECRET);
    }

    private static String url(ConfigurableApplicationContext context) {
        return "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
    }

    private HttpResponse<String> post(String url, String partnerId, String id, Instant at, String body, String secret)
            throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        long timestamp = at.getEpochSecond();
        return http.send(HttpRequest.newBuilder(URI.create(url + "/webhooks/" + partnerId))
                .header("Content-Type", "application/cloudevents+json; charset=utf-8")
                .header("webhook-id", id)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", WebhookSignature.forSecret(secret).sign(id, timestamp, bytes))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode list(String url, String partnerId) throws Exception {
        String query = partnerId == null ? "" : "?partnerId=" + partnerId;
        return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(url + "/inbox" + query)).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body());
    }
}
