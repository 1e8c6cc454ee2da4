package jp.renkei.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.StreamSupport;
import jp.renkei.contracts.events.PlanEventTypes;
import jp.renkei.localstack.test.RenkeiInfrastructure;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The thinnest whole path: a staff edit through the gateway reaches plan-service, Kafka, regional-sync-service
 * and, signed, the webhook of each partner whose subscription matches; consultation-service's catalog follows.
 */
@ExtendWith(RenkeiSystemExtension.class)
class WalkingSkeletonTest {

    private static final String MEASURE = "/api/plans/abashiri-comprehensive-plan/measures/5-2-2";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static RenkeiSystem system;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start(RenkeiSystem running) {
        system = running;
    }

    @Test
    void everyApplicationReportsHealthyWithItsStoreAndBroker() throws Exception {
        assertThat(system.urls()).containsOnlyKeys("partner-inbox", "plan-service", "consultation-service",
                "regional-sync-service", "gateway", "web");
        for (var application : system.urls().entrySet()) {
            HttpResponse<String> health = send(HttpRequest.newBuilder(
                    URI.create(application.getValue() + "/actuator/health")).GET());
            assertThat(health.statusCode()).as(application.getKey()).isEqualTo(200);
            assertThat(JSON.readTree(health.body()).path("status").asString()).as(application.getKey()).isEqualTo("UP");
        }
    }

    @Test
    void theGatewayServesTheApiDocumentation() throws Exception {
        HttpResponse<String> planApi = send(HttpRequest.newBuilder(
                URI.create(system.gatewayUrl() + "/api-docs/plan-service")).GET());
        assertThat(planApi.statusCode()).isEqualTo(200);
        JsonNode document = JSON.readTree(planApi.body());
        assertThat(document.path("paths").has("/plans/{planId}/measures/{measureId}")).isTrue();
        assertThat(document.path("servers").get(0).path("url").asString()).isEqualTo("/api");

        HttpResponse<String> swaggerConfig = send(HttpRequest.newBuilder(
                URI.create(system.gatewayUrl() + "/v3/api-docs/swagger-config")).GET());
        assertThat(swaggerConfig.body()).contains("/api-docs/plan-service").contains("/api-docs/regional-sync-service");
        HttpResponse<String> syncApi = send(HttpRequest.newBuilder(
                URI.create(system.gatewayUrl() + "/api-docs/regional-sync-service")).GET());
        assertThat(JSON.readTree(syncApi.body()).path("paths").has("/partners/{partnerId}/feed")).isTrue();
    }

    @Test
    void anEditThroughTheGatewayArrivesSignedAtTheSubscribedPartnersOnly() throws Exception {
        HttpResponse<String> current = send(HttpRequest.newBuilder(URI.create(system.gatewayUrl() + MEASURE)).GET());
        assertThat(current.statusCode()).isEqualTo(200);
        String etag = current.headers().firstValue("ETag").orElseThrow();
        ObjectNode body = JSON.createObjectNode();
        JsonNode measure = JSON.readTree(current.body());
        List.of("title", "currentSituation", "basicPolicy", "initiatives", "relatedPlans", "glossary", "tags")
                .forEach(field -> body.set(field, measure.get(field)));
        String policy = "多様な連携による課題解決に取り組み、大空町との定住自立圏（第２期）①を推進します。";
        body.put("basicPolicy", policy);
        body.put("reason", "定住自立圏共生ビジョン改定");

        HttpResponse<String> anonymous = send(HttpRequest.newBuilder(URI.create(system.gatewayUrl() + MEASURE))
                .header("Content-Type", "application/json").header("If-Match", etag)
                .PUT(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)));
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");

        Instant beforeEdit = Instant.now();
        HttpResponse<String> revised = send(HttpRequest.newBuilder(URI.create(system.gatewayUrl() + MEASURE))
                .header("Content-Type", "application/json").header("If-Match", etag)
                .header("Authorization", "Bearer " + system.editorKey())
                .PUT(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)));
        assertThat(revised.statusCode()).isEqualTo(200);
        long version = JSON.readTree(revised.body()).path("version").asLong();

        JsonNode ozora = await().atMost(Duration.ofSeconds(60)).until(() -> revision(inbox("ozora"), version),
                event -> event != null);
        assertThat(ozora.path("specversion").asString()).isEqualTo("1.0");
        assertThat(ozora.path("type").asString()).isEqualTo(PlanEventTypes.MEASURE_REVISED);
        assertThat(ozora.path("source").asString()).isEqualTo("/municipalities/abashiri/plans/abashiri-comprehensive-plan");
        assertThat(ozora.path("subject").asString()).isEqualTo("measures/5-2-2");
        assertThat(ozora.path("sequence").asString()).isEqualTo(Long.toString(version));
        assertThat(ozora.path("id").asString()).isNotBlank();
        assertThat(Instant.parse(ozora.path("time").asString())).isAfterOrEqualTo(beforeEdit.minusSeconds(1));
        assertThat(ozora.path("data").path("measure").path("basicPolicy").asString()).isEqualTo(policy);

        JsonNode council = await().atMost(Duration.ofSeconds(30)).until(() -> revision(inbox("okhotsk-council"), version),
                event -> event != null);
        assertThat(council.path("id").asString()).isEqualTo(ozora.path("id").asString());

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            try (MongoClient mongo = MongoClients.create(RenkeiInfrastructure.shared().mongoUri(system.consultationDatabase()))) {
                Document catalogued = mongo.getDatabase(system.consultationDatabase()).getCollection("measure_catalog")
                        .find(Filters.eq("_id", "abashiri-comprehensive-plan/5-2-2")).first();
                assertThat(catalogued).isNotNull();
                assertThat(catalogued.get("version", Number.class).longValue()).isEqualTo(version);
            }
        });
        // the event was fanned out to ozora, the council and the fire union (all three subscribe to 広域連携)
        try (MongoClient mongo = MongoClients.create(RenkeiInfrastructure.shared().mongoUri(system.syncDatabase()))) {
            List<String> partners = new java.util.ArrayList<>();
            for (String collection : List.of("deliveries", "delivery_history")) {
                mongo.getDatabase(system.syncDatabase()).getCollection(collection)
                        .find(Filters.eq("eventId", ozora.path("id").asString()))
                        .map(delivery -> delivery.getString("partnerId")).into(partners);
            }
            assertThat(partners).contains("ozora", "okhotsk-council", "abashiri-fire-union");
        }
    }

    @Test
    void planServiceRefusesACallThatDidNotComeThroughTheGateway() throws Exception {
        HttpResponse<String> direct = send(HttpRequest.newBuilder(
                URI.create(system.urls().get("plan-service") + "/plans/abashiri-comprehensive-plan")).GET());

        assertThat(direct.statusCode()).isEqualTo(401);
        HttpResponse<String> throughTheGateway = send(HttpRequest.newBuilder(
                URI.create(system.gatewayUrl() + "/api/plans/abashiri-comprehensive-plan")).GET());
        assertThat(throughTheGateway.statusCode()).isEqualTo(200);
    }

    private JsonNode inbox(String partnerId) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(
                URI.create(system.inboxUrl() + "/inbox?partnerId=" + partnerId)).GET());
        return JSON.readTree(response.body());
    }

    private static JsonNode revision(JsonNode inbox, long version) {
        return StreamSupport.stream(inbox.spliterator(), false)
                .map(received -> received.path("event"))
                .filter(event -> PlanEventTypes.MEASURE_REVISED.equals(event.path("type").asString()))
                .filter(event -> Long.toString(version).equals(event.path("sequence").asString()))
                .findFirst().orElse(null);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
