package jp.renkei.sync.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import jp.renkei.localstack.test.RenkeiInfrastructure;
import jp.renkei.localstack.test.RenkeiInfrastructureExtension;
import jp.renkei.sync.partner.Endpoint;
import jp.renkei.sync.partner.PartnerDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@ExtendWith(RenkeiInfrastructureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        useMainMethod = SpringBootTest.UseMainMethod.ALWAYS)
class PartnerApiIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;
    @Autowired
    PartnerDirectory directory;

    private final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        RenkeiInfrastructure.shared().springProperties("sync-" + UUID.randomUUID())
                .forEach((name, value) -> registry.add(name, () -> value));
    }

    @Test
    void anEndpointsSecretIsShownOnceAndRotationSignsWithBothForAWhile() {
        HttpResponse<String> created = post("/partners/ozora/endpoints", "{\"url\":\"https://93.184.216.34/renkei\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode body = JSON.readTree(created.body());
        String secret = body.path("secret").asString();
        String endpointId = body.path("endpoint").path("id").asString();
        assertThat(secret).startsWith("whsec_");

        String partner = get("/partners/ozora").body();
        assertThat(partner).contains(endpointId).doesNotContain(secret).doesNotContain("whsec_");

        HttpResponse<String> rotated = post("/partners/ozora/endpoints/" + endpointId + "/rotate-secret", "");
        String newSecret = JSON.readTree(rotated.body()).path("secret").asString();
        assertThat(newSecret).startsWith("whsec_").isNotEqualTo(secret);
        Endpoint stored = directory.endpoint(endpointId).orElseThrow();
        assertThat(stored.signingSecrets(java.time.Instant.now())).containsExactly(newSecret, secret);
        assertThat(stored.signingSecrets(java.time.Instant.now().plus(java.time.Duration.ofDays(2))))
                .containsExactly(newSecret);

        assertThat(JSON.readTree(post("/partners/ozora/endpoints/" + endpointId + "/pause", "").body())
                .path("enabled").asBoolean()).isFalse();
        assertThat(JSON.readTree(post("/partners/ozora/endpoints/" + endpointId + "/resume", "").body())
                .path("enabled").asBoolean()).isTrue();
    }

    @Test
    void internalOrPlainHttpUrlsAreRefusedNamingTheField() {
        for (String url : new String[] {"https://169.254.169.254/latest/meta-data/", "https://10.0.0.8/hook",
                "http://93.184.216.34/hook", "https://localhost/hook"}) {
            HttpResponse<String> refused = post("/partners/ozora/endpoints", "{\"url\":\"" + url + "\"}");
            assertThat(refused.statusCode()).as(url).isEqualTo(400);
            assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(JSON.readTree(refused.body()).path("field").asString()).isEqualTo("url");
        }
        assertThat(directory.endpointsOf("ozora")).noneMatch(endpoint -> endpoint.url().contains("169.254"));
        assertThat(post("/partners/nowhere/endpoints", "{\"url\":\"https://93.184.216.34/x\"}").statusCode())
                .isEqualTo(404);
        assertThat(post("/partners/ozora/endpoints", "{}").statusCode()).isEqualTo(400);
    }

    @Test
    void deliveriesAreListedAndAnUnknownOneCannotBeRetried() {
        assertThat(get("/partners/ozora/deliveries?status=FAILED").statusCode()).isEqualTo(200);
        assertThat(get("/partners/ozora/deliveries?limit=0").statusCode()).isEqualTo(400);
        assertThat(post("/partners/ozora/deliveries/none/retry", "").statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET());
    }

    private HttpResponse<String> post(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
