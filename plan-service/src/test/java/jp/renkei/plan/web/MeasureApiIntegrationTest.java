package jp.renkei.plan.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import jp.renkei.contracts.events.PlanEventTypes;
import jp.renkei.contracts.events.Topics;
import jp.renkei.localstack.test.RenkeiInfrastructure;
import jp.renkei.localstack.test.RenkeiInfrastructureExtension;
import jp.renkei.localstack.test.TopicReader;
import jp.renkei.support.security.testing.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The measure API against a real broker and a real wire-protocol store, seeded as on a first start. */
@ExtendWith(RenkeiInfrastructureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        useMainMethod = SpringBootTest.UseMainMethod.ALWAYS)
class MeasureApiIntegrationTest {

    private static final String MEASURE = "/plans/abashiri-comprehensive-plan/measures/5-2-2";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        RenkeiInfrastructure.shared().springProperties("plan-" + UUID.randomUUID())
                .forEach((name, value) -> registry.add(name, () -> value));
        TestTokens.shared().springProperties().forEach((name, value) -> registry.add(name, () -> value));
    }

    @Test
    void seedsAreServedWithTheirVersionAsETag() throws Exception {
        HttpResponse<String> response = get(MEASURE);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("ETag")).isPresent();
        JsonNode measure = JSON.readTree(response.body());
        assertThat(measure.path("title").asString()).isEqualTo("広域連携");
        assertThat(measure.path("measureId").asString()).isEqualTo("5-2-2");
        assertThat(measure.path("tags").toString()).contains("広域連携");
    }

    @Test
    void aRevisionIsStoredAndPublishedAsACloudEventKeyedByTheMeasure() throws Exception {
        HttpResponse<String> current = get(MEASURE);
        String etag = current.headers().firstValue("ETag").orElseThrow();
        ObjectNode body = editable(current.body());
        String situation = "大空町との定住自立圏（第２期）①を推進します。全角数字１２３と丸数字②を含む長い段落。".repeat(20);
        body.putArray("currentSituation").add(situation);
        body.put("reason", "定住自立圏共生ビジョンの改定に合わせた見直し");

        HttpResponse<String> revised = put(MEASURE, etag, body.toString());

        assertThat(revised.statusCode()).isEqualTo(200);
        long version = JSON.readTree(revised.body()).path("version").asLong();
        assertThat(revised.headers().firstValue("ETag")).contains("\"" + version + "\"");
        assertThat(JSON.readTree(get(MEASURE).body()).path("currentSituation").get(0).asString()).isEqualTo(situation);

        TopicReader.Record record = awaitRecord(Long.toString(version));
        assertThat(record.key()).isEqualTo("5-2-2");
        assertThat(record.headers()).containsEntry("ce_specversion", "1.0")
                .containsEntry("ce_type", PlanEventTypes.MEASURE_REVISED)
                .containsEntry("ce_source", "/municipalities/abashiri/plans/abashiri-comprehensive-plan")
                .containsEntry("ce_subject", "measures/5-2-2")
                .containsEntry("ce_sequence", Long.toString(version))
                .containsEntry("content-type", "application/json")
                .containsKeys("ce_id", "ce_time");
        JsonNode data = JSON.readTree(record.value());
        assertThat(data.path("measure").path("currentSituation").get(0).asString()).isEqualTo(situation);
        assertThat(data.path("changedSections").toString()).contains("currentSituation");
        assertThat(data.path("previousVersion").asLong()).isEqualTo(version - 1);
        assertThat(data.path("reason").asString()).isEqualTo("定住自立圏共生ビジョンの改定に合わせた見直し");
    }

    @Test
    void aChangeWithoutIfMatchIs428AndAStaleOneIs412AndNeitherIsStored() throws Exception {
        HttpResponse<String> current = get(MEASURE);
        String etag = current.headers().firstValue("ETag").orElseThrow();
        ObjectNode body = editable(current.body());
        body.put("title", "書き換え");

        HttpResponse<String> withoutIfMatch = put(MEASURE, null, body.toString());
        assertThat(withoutIfMatch.statusCode()).isEqualTo(428);
        assertThat(withoutIfMatch.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));

        assertThat(put(MEASURE, etag, editable(current.body()).toString()).statusCode()).isEqualTo(200);
        HttpResponse<String> stale = put(MEASURE, etag, body.toString());
        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(JSON.readTree(stale.body()).path("currentVersion").asLong()).isGreaterThan(0);
        assertThat(JSON.readTree(get(MEASURE).body()).path("title").asString()).isEqualTo("広域連携");
    }

    @Test
    void badInputIsAProblemNamingTheFieldAndChangesNothing() throws Exception {
        HttpResponse<String> current = get(MEASURE);
        String etag = current.headers().firstValue("ETag").orElseThrow();

        ObjectNode emptyTitle = editable(current.body());
        emptyTitle.put("title", " ");
        assertProblem(put(MEASURE, etag, emptyTitle.toString()), "title");

        ObjectNode unknownField = editable(current.body());
        unknownField.put("mayor", "x");
        assertProblem(put(MEASURE, etag, unknownField.toString()), "mayor");

        ObjectNode wrongType = editable(current.body());
        wrongType.put("tags", 5);
        assertProblem(put(MEASURE, etag, wrongType.toString()), "tags");

        ObjectNode otherMeasure = editable(current.body());
        otherMeasure.put("measureId", "5-2-1");
        assertProblem(put(MEASURE, etag, otherMeasure.toString()), "measureId");

        assertProblem(put(MEASURE, "\"one\"", editable(current.body()).toString()), "If-Match");
        assertThat(get("/plans/abashiri-comprehensive-plan/measures/%E2%91%A0x").statusCode()).isEqualTo(400);

        assertThat(get(MEASURE).headers().firstValue("ETag")).isEqualTo(current.headers().firstValue("ETag"));
    }

    @Test
    void oversizeAndInvalidUtf8BodiesAreRefusedBeforeAnythingIsStored() throws Exception {
        HttpResponse<String> current = get(MEASURE);
        String etag = current.headers().firstValue("ETag").orElseThrow();
        ObjectNode huge = editable(current.body());
        huge.put("basicPolicy", "あ".repeat(100_000));

        HttpResponse<String> declared = put(MEASURE, etag, huge.toString());
        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(declared.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");

        byte[] hugeBytes = huge.toString().getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> chunked = http.send(request(MEASURE)
                .header("Content-Type", "application/json").header("If-Match", etag)
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(hugeBytes)))
                .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(chunked.statusCode()).isEqualTo(413);

        byte[] body = editable(current.body()).toString().getBytes(StandardCharsets.UTF_8);
        byte[] broken = java.util.Arrays.copyOf(body, body.length);
        int title = new String(body, StandardCharsets.UTF_8).indexOf("広域連携");
        broken[new String(body, StandardCharsets.UTF_8).substring(0, title).getBytes(StandardCharsets.UTF_8).length] = (byte) 0xC3;
        HttpResponse<String> invalidUtf8 = http.send(request(MEASURE)
                .header("Content-Type", "application/json").header("If-Match", etag)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(broken)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(invalidUtf8.statusCode()).isEqualTo(400);

        assertThat(get(MEASURE).headers().firstValue("ETag")).contains(etag);
    }

    private void assertProblem(HttpResponse<String> response, String field) {
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(response.body()).contains("\"" + field + "\"").doesNotContain("Exception").doesNotContain("\tat ");
    }

    private static ObjectNode editable(String measureJson) {
        ObjectNode measure = (ObjectNode) JSON.readTree(measureJson);
        ObjectNode body = JSON.createObjectNode();
        for (String field : List.of("title", "currentSituation", "basicPolicy", "initiatives", "relatedPlans",
                "glossary", "tags")) {
            body.set(field, measure.get(field));
        }
        return body;
    }

    /** The revision of 5-2-2 with this version, as an outside client reads it from the topic. */
    private TopicReader.Record awaitRecord(String sequence) {
        try (TopicReader topic = new TopicReader(Topics.PLAN_EVENTS)) {
            return await().atMost(Duration.ofSeconds(30)).until(() -> topic.withKey("5-2-2").stream()
                    .filter(record -> PlanEventTypes.MEASURE_REVISED.equals(record.type()))
                    .filter(record -> sequence.equals(record.headers().get("ce_sequence")))
                    .findFirst().orElse(null), record -> record != null);
        }
    }

    /** A request as the gateway forwards an editor's: with an internal token. */
    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + TestTokens.shared().editor());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(request(path).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> put(String path, String ifMatch, String body) throws Exception {
        HttpRequest.Builder request = request(path)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
