package jp.renkei.plan.web;

import static jp.renkei.plan.support.PlanApi.JSON;
import static jp.renkei.plan.support.PlanApi.PLAN;
import static jp.renkei.plan.support.PlanApi.etag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import jp.renkei.contracts.events.ConsultationEventTypes;
import jp.renkei.contracts.events.PlanEventTypes;
import jp.renkei.contracts.events.Topics;
import jp.renkei.localstack.test.RenkeiInfrastructure;
import jp.renkei.localstack.test.RenkeiInfrastructureExtension;
import jp.renkei.localstack.test.TopicReader;
import jp.renkei.plan.support.PlanApi;
import jp.renkei.support.security.testing.TestTokens;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Progress management (進捗管理) against the real store and broker: indicators, actuals, evaluations, reads, events. */
@ExtendWith(RenkeiInfrastructureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        useMainMethod = SpringBootTest.UseMainMethod.ALWAYS)
class ProgressApiIntegrationTest {

    private static final String PLAN_ID = "abashiri-comprehensive-plan";
    private static final String NAME = "広域連携事業の数（定住自立圏・ｵﾎｰﾂｸ圏）🏔";

    @LocalServerPort
    int port;

    private PlanApi editor;
    private PlanApi anonymous;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        RenkeiInfrastructure.shared().springProperties("plan-" + UUID.randomUUID())
                .forEach((name, value) -> registry.add(name, () -> value));
        TestTokens.shared().springProperties().forEach((name, value) -> registry.add(name, () -> value));
        registry.add("renkei.plan.examples.progress", () -> "true");
    }

    @BeforeEach
    void clients() {
        editor = new PlanApi(port, TestTokens.shared().editor());
        anonymous = new PlanApi(port, TestTokens.shared().anonymous());
    }

    @Test
    void theYearlyCycleFromIndicatorToPublishedEvaluation() {
        String measureId = "p-" + shortId();
        String measure = editor.createMeasure(measureId, "進捗の検証");
        HttpResponse<String> defined = editor.post(measure + "/indicators", null, indicator("a"));
        assertThat(defined.statusCode()).as(defined.body()).isEqualTo(201);
        assertThat(JSON.readTree(defined.body()).path("name").asString()).isEqualTo(NAME);
        assertThat(JSON.readTree(editor.get(measure + "/progress").body()).path("indicators").get(0)
                .path("name").asString()).isEqualTo(NAME);

        HttpResponse<String> r6 = editor.put(measure + "/indicators/a/actuals/2024", null, actual("3", "2025-03-31"));
        assertThat(r6.statusCode()).as(r6.body()).isEqualTo(200);
        assertThat(JSON.readTree(r6.body()).path("fiscalYearLabel").asString()).isEqualTo("令和6年度");
        assertThat(editor.put(measure + "/indicators/a/actuals/2025", null, actual("5", "2026-03-31")).statusCode())
                .isEqualTo(200);
        HttpResponse<String> corrected = editor.put(measure + "/indicators/a/actuals/2024", etag(r6),
                actual("4", "2025-03-31"));
        assertThat(corrected.statusCode()).as(corrected.body()).isEqualTo(200);
        JsonNode history = JSON.readTree(editor.get(measure + "/indicators/a/actuals/2024").body());
        assertThat(history.path("current").path("value").decimalValue()).isEqualByComparingTo("4");
        assertThat(history.path("history")).extracting(node -> node.path("value").asString())
                .containsExactly("3", "4");

        HttpResponse<String> draft = editor.put(measure + "/evaluations/2025", null, JSON.createObjectNode()
                .put("grade", "A").put("comment", "大空町との連携事業が順調に増えた").put("nextAction", "-教育分野へ拡大")
                .put("evaluator", "企画総務部"));
        assertThat(draft.statusCode()).as(draft.body()).isEqualTo(200);
        JsonNode drafted = JSON.readTree(draft.body());
        assertThat(drafted.path("status").asString()).isEqualTo("DRAFT");
        // baseline 2, target 6: actual 5 is 75% of the way
        assertThat(drafted.path("achievementRate").decimalValue()).isEqualByComparingTo("75.0");
        assertThat(anonymous.get(measure + "/evaluations/2025").statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(anonymous.get(measure + "/progress").body()).path("evaluations")).isEmpty();
        assertThat(anonymous.get(PLAN + "/progress.csv?fiscalYear=2025").body()).doesNotContain("大空町との連携事業");
        int publishedBefore = publishedAsInGoal5("A");

        HttpResponse<String> published = editor.post(measure + "/evaluations/2025/publish", etag(draft),
                JSON.createObjectNode());
        assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
        assertThat(JSON.readTree(anonymous.get(measure + "/evaluations/2025").body()).path("grade").asString())
                .isEqualTo("A");
        assertThat(publishedAsInGoal5("A")).isEqualTo(publishedBefore + 1);

        HttpResponse<String> csv = anonymous.get(PLAN + "/progress.csv?fiscalYear=2025");
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(csv.body()).startsWith("\uFEFF\"fiscalYear\",\"fiscalYearLabel\",\"goalNumber\",\"areaId\","
                + "\"measureId\",\"indicatorId\",\"indicatorName\",\"unit\",\"direction\",\"baselineValue\",");
        assertThat(csv.body()).contains("\"令和7年度\"", "\"" + measureId + "\"", "\"大空町との連携事業が順調に増えた\"",
                ",5,", ",75.0,", "\"'-教育分野へ拡大\"");

        List<TopicReader.Record> events = eventsOf(measureId, 5);
        assertThat(events).extracting(TopicReader.Record::type).containsExactly(PlanEventTypes.INDICATOR_CREATED,
                PlanEventTypes.ACTUAL_RECORDED, PlanEventTypes.ACTUAL_RECORDED, PlanEventTypes.ACTUAL_RECORDED,
                PlanEventTypes.EVALUATION_PUBLISHED);
        assertThat(events).extracting(TopicReader.Record::sequence).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(events).allSatisfy(event -> {
            assertThat(event.headers()).containsEntry("ce_subject", "measures/" + measureId + "/progress");
            assertThat(JSON.readTree(event.value()).path("tags").toString()).contains("広域連携");
        });
        assertThat(JSON.readTree(events.get(0).value()).path("indicator").path("name").asString()).isEqualTo(NAME);
    }

    @Test
    void everyProgressEventValidatesAgainstTheSchemaOfItsType() {
        String measureId = "s-" + shortId();
        String measure = editor.createMeasure(measureId, "スキーマの検証");
        HttpResponse<String> defined = editor.post(measure + "/indicators", null, indicator("a"));
        HttpResponse<String> revised = editor.put(measure + "/indicators/a", etag(defined), indicator("a"));
        editor.put(measure + "/indicators/a/actuals/2025", null, actual("1", "2026-03-31"));
        HttpResponse<String> draft = editor.put(measure + "/evaluations/2025", null,
                JSON.createObjectNode().put("grade", "C"));
        editor.post(measure + "/evaluations/2025/publish", etag(draft), JSON.createObjectNode());
        editor.post(measure + "/indicators/a/retire", etag(revised), JSON.createObjectNode().put("reason", "統合"));

        List<TopicReader.Record> events = eventsOf(measureId, 5);
        assertThat(events).extracting(TopicReader.Record::type).containsExactlyInAnyOrder(
                PlanEventTypes.INDICATOR_CREATED, PlanEventTypes.INDICATOR_REVISED, PlanEventTypes.ACTUAL_RECORDED,
                PlanEventTypes.EVALUATION_PUBLISHED, PlanEventTypes.INDICATOR_RETIRED);
        assertValid(events);
    }

    @Test
    void anIndicatorMarkedAsFedTakesItsMeasuresParticipationTalliesOnceEachInOrderAndStaffMayCorrectThem() {
        String measureId = "f-" + shortId();
        String measure = editor.createMeasure(measureId, "市民参加の検証");
        HttpResponse<String> fed = editor.post(measure + "/indicators", null,
                indicator("participation").put("feed", "CONSULTATION_PARTICIPATION"));
        assertThat(fed.statusCode()).as(fed.body()).isEqualTo(201);
        assertThat(JSON.readTree(fed.body()).path("feed").asString()).isEqualTo("CONSULTATION_PARTICIPATION");
        assertThat(editor.post(measure + "/indicators", null, indicator("manual")).statusCode()).isEqualTo(201);
        assertThat(editor.post(measure + "/indicators", null, indicator("participation-per-capita")
                .put("feed", "CONSULTATION_PARTICIPATION")).statusCode()).isEqualTo(201);
        String actuals = measure + "/indicators/participation/actuals/2025";

        String first = UUID.randomUUID().toString();
        try (KafkaProducer<byte[], byte[]> consultation = producer()) {
            consultation.send(tallied(measureId, 2025, 1, 1, 0, first));
            consultation.send(tallied(measureId, 2025, 1, 1, 0, first));                          // redelivered
            consultation.send(tallied(measureId, 2025, 3, 2, 1, UUID.randomUUID().toString()));
            consultation.send(tallied(measureId, 2025, 2, 2, 0, UUID.randomUUID().toString()));   // older, late
            consultation.send(tallied("no-such-measure", 2025, 1, 1, 0, UUID.randomUUID().toString()));
            consultation.send(tallied(measureId, 2025, 4, 2, 2, UUID.randomUUID().toString()));
        }
        JsonNode history = await().atMost(Duration.ofSeconds(30)).until(() -> JSON.readTree(anonymous.get(actuals)
                .body()).path("history"), versions -> versions.size() >= 2
                && versions.get(versions.size() - 1).path("value").asInt() == 4);
        assertThat(history).extracting(version -> version.path("value").asInt()).containsExactly(1, 3, 4);
        assertThat(history).allSatisfy(version -> {
            assertThat(version.path("source").asString()).isEqualTo("consultation-service");
            assertThat(version.path("recordedBy").asString()).isEqualTo("consultation-service");
        });
        assertThat(history.get(2).path("note").asString()).isEqualTo("意見 2件・広聴記録 2件");
        assertThat(JSON.readTree(anonymous.get(measure + "/indicators/manual").body()).path("current")
                .path("actuals")).isEmpty();

        HttpResponse<String> current = anonymous.get(actuals);
        HttpResponse<String> corrected = editor.put(actuals, etag(current),
                actual("3", "2026-03-31").put("reason", "同一人物の重複を除外"));
        assertThat(corrected.statusCode()).as(corrected.body()).isEqualTo(200);
        try (KafkaProducer<byte[], byte[]> consultation = producer()) {
            consultation.send(tallied(measureId, 2025, 5, 3, 2, UUID.randomUUID().toString()));
        }
        JsonNode afterCorrection = await().atMost(Duration.ofSeconds(30)).until(() -> JSON.readTree(
                anonymous.get(actuals).body()).path("history"), versions -> versions.size() == 5);
        assertThat(afterCorrection).extracting(version -> version.path("value").asInt() + " "
                + version.path("source").asString()).containsExactly("1 consultation-service",
                "3 consultation-service", "4 consultation-service", "3 企画総務部調べ", "5 consultation-service");

        HttpResponse<String> csv = anonymous.get(PLAN + "/progress.csv?fiscalYear=2025");
        assertThat(csv.body()).contains("\"participation\"", "\"CONSULTATION_PARTICIPATION\"", "\"consultation-service\"");
        assertThat(JSON.readTree(anonymous.get(measure + "/indicators/participation-per-capita/actuals/2025").body())
                .path("history")).extracting(version -> version.path("value").asInt()).containsExactly(1, 3, 4, 5);
        // three indicators; each tally applied records both fed ones in one write, each actual its own event
        List<TopicReader.Record> events = eventsOf(measureId, 12);
        assertThat(events).extracting(TopicReader.Record::type).filteredOn(PlanEventTypes.ACTUAL_RECORDED::equals)
                .hasSize(9);
        assertThat(events).extracting(TopicReader.Record::sequence).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L,
                9L, 10L, 11L, 12L);
        assertValid(events);
    }

    /** A tally as consultation-service publishes it: keyed by the measure id, CloudEvents headers. */
    private static ProducerRecord<byte[], byte[]> tallied(String measureId, int fiscalYear, long version,
                                                          long opinions, long hearingRecords, String eventId) {
        String data = JSON.createObjectNode().put("municipalityId", "abashiri").put("planId", PLAN_ID)
                .put("goalNumber", 5).put("areaId", "5-2").put("measureId", measureId)
                .put("fiscalYear", fiscalYear).put("opinionCount", opinions).put("hearingRecordCount", hearingRecords)
                .put("tallyVersion", version).put("asOf", "2025-10-01T03:00:00Z").toString();
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(Topics.CONSULTATION_EVENTS,
                measureId.getBytes(StandardCharsets.UTF_8), data.getBytes(StandardCharsets.UTF_8));
        Map.of("ce_id", eventId, "ce_source", "/municipalities/abashiri/participation", "ce_specversion", "1.0",
                        "ce_type", ConsultationEventTypes.PARTICIPATION_TALLIED,
                        "ce_subject", "measures/" + measureId + "/participation/" + fiscalYear,
                        "ce_time", "2025-10-01T03:00:00Z", "ce_sequence", Long.toString(version),
                        "content-type", "application/json")
                .forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        return record;
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, RenkeiInfrastructure.shared().bootstrapServers());
        // one measure's tallies in the order sent, as the outbox relay sends them
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Test
    void badInputIsAProblemNamingTheFieldAndStoresNothing() {
        String measure = editor.createMeasure("b-" + shortId(), "不正な入力の検証");
        assertProblem(editor.post(measure + "/indicators", null, indicator("x").put("unit", 5)), 400, "unit");
        assertProblem(editor.post(measure + "/indicators", null, indicator("x").put("baselineValue", "2")), 400,
                "baselineValue");
        assertProblem(editor.post(measure + "/indicators", null, indicator("x").put("targetFiscalYear", 2020)), 400,
                "targetFiscalYear");
        assertProblem(editor.post(measure + "/indicators", null, indicator("x").put("baselineFiscalYear", 1999)),
                400, "baselineFiscalYear");
        assertProblem(editor.post(measure + "/indicators", null, indicator("x").put("colour", "red")), 400,
                "colour");
        assertProblem(editor.post(measure + "/indicators", null, indicator("x").put("feed", "TWITTER")), 400,
                "feed");
        assertProblem(editor.post(measure + "/indicators", null, indicator("x").put("feed", 1)), 400, "feed");
        assertThat(JSON.readTree(editor.get(measure + "/progress").body()).path("version").asLong()).isZero();

        HttpResponse<String> defined = editor.post(measure + "/indicators", null, indicator("a"));
        assertProblem(editor.put(measure + "/indicators/a/actuals/2025", null,
                actual("1", "2026-03-31").put("value", "多い")), 400, "value");
        assertProblem(editor.put(measure + "/indicators/a/actuals/1999", null, actual("1", "2000-03-31")), 400,
                "fiscalYear");
        assertProblem(editor.put(measure + "/evaluations/2025", null, JSON.createObjectNode().put("grade", "Z")),
                400, "grade");
        assertProblem(editor.put(measure + "/indicators/a", "\"7\"", indicator("a")), 412, "If-Match");
        assertProblem(editor.put(measure + "/indicators/a", null, indicator("a")), 428, "If-Match");
        editor.post(measure + "/indicators/a/retire", etag(defined), JSON.createObjectNode());
        long version = JSON.readTree(editor.get(measure + "/progress").body()).path("version").asLong();
        assertProblem(editor.put(measure + "/indicators/a/actuals/2025", null, actual("1", "2026-03-31")), 409,
                "indicatorId");
        JsonNode after = JSON.readTree(editor.get(measure + "/progress").body());
        assertThat(after.path("version").asLong()).isEqualTo(version);
        assertThat(after.path("indicators").get(0).path("actuals")).isEmpty();
        assertThat(after.path("evaluations")).isEmpty();
    }

    /** Asked for (as this test's context is), the EXAMPLE set for Goal 5 is there, marked as an example. */
    @Test
    void theExampleIndicatorSetIsLoadedWhenAskedFor() {
        JsonNode progress = JSON.readTree(anonymous.get(PLAN + "/measures/5-2-2/progress").body());
        JsonNode example = progress.path("indicators").get(0);
        assertThat(example.path("indicatorId").asString()).isEqualTo("5-2-2-example-joint-projects");
        assertThat(example.path("note").asString()).startsWith("【例示】");
        assertThat(example.path("actuals").get(0).path("fiscalYearLabel").asString()).isEqualTo("令和6年度");
        assertThat(JSON.readTree(anonymous.get(PLAN + "/measures/5-1-3/progress").body()).path("indicators")
                .findValuesAsString("direction")).contains("LOWER_IS_BETTER");
    }

    @Test
    void onlyEditorsChangeProgress() {
        String measure = editor.createMeasure("e-" + shortId(), "権限の検証");
        assertThat(anonymous.post(measure + "/indicators", null, indicator("a")).statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(editor.get(measure + "/progress").body()).path("indicators")).isEmpty();
    }

    private int publishedAsInGoal5(String grade) {
        JsonNode rollUp = JSON.readTree(anonymous.get(PLAN + "/progress/rollup?fiscalYear=2025").body());
        for (JsonNode goal : rollUp.path("goals")) {
            if (goal.path("goalNumber").asInt() == 5) {
                return goal.path("tally").path("measuresByGrade").path(grade).asInt();
            }
        }
        throw new AssertionError("no goal 5 in " + rollUp);
    }

    private static List<TopicReader.Record> eventsOf(String measureId, int count) {
        try (TopicReader topic = new TopicReader(Topics.PLAN_EVENTS)) {
            return await().atMost(Duration.ofSeconds(30)).until(() -> topic.poll(event ->
                            measureId.equals(event.key()) && event.type().startsWith(PlanEventTypes.PREFIX)
                                    && !event.type().startsWith(PlanEventTypes.PREFIX + "measure.")),
                    seen -> seen.size() >= count);
        }
    }

    private static void assertValid(List<TopicReader.Record> events) {
        JsonSchemaFactory schemas = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        com.fasterxml.jackson.databind.ObjectMapper jackson2 = new com.fasterxml.jackson.databind.ObjectMapper();
        for (TopicReader.Record event : events) {
            try {
                assertThat(schemas.getSchema(SchemaLocation.of("classpath:schemas/plan/" + event.type() + ".json"))
                        .validate(jackson2.readTree(event.value()))).as(event.type()).isEmpty();
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new AssertionError(e);
            }
        }
    }

    private static void assertProblem(HttpResponse<String> response, int status, String field) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(JSON.readTree(response.body()).path("field").asString()).as(response.body()).isEqualTo(field);
    }

    private static ObjectNode indicator(String id) {
        return JSON.createObjectNode().put("indicatorId", id).put("name", NAME).put("unit", "件")
                .put("direction", "HIGHER_IS_BETTER").put("baselineValue", 2).put("baselineFiscalYear", 2022)
                .put("targetValue", 6).put("targetFiscalYear", 2027).put("source", "企画総務部調べ")
                .put("note", "定住自立圏共生ビジョンによる");
    }

    private static ObjectNode actual(String value, String asOf) {
        return JSON.createObjectNode().put("value", new java.math.BigDecimal(value)).put("asOf", asOf)
                .put("source", "企画総務部調べ");
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
