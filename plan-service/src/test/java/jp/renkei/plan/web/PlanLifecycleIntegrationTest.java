package jp.renkei.plan.web;

import static jp.renkei.plan.support.PlanApi.JSON;
import static jp.renkei.plan.support.PlanApi.PLAN;
import static jp.renkei.plan.support.PlanApi.editable;
import static jp.renkei.plan.support.PlanApi.etag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import jp.renkei.contracts.events.PlanEventTypes;
import jp.renkei.contracts.events.Topics;
import jp.renkei.localstack.test.RenkeiInfrastructure;
import jp.renkei.localstack.test.RenkeiInfrastructureExtension;
import jp.renkei.localstack.test.TopicReader;
import jp.renkei.plan.support.PlanApi;
import jp.renkei.support.security.testing.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Creating, revising, patching, moving through the lifecycle and reading the history of measures. */
@ExtendWith(RenkeiInfrastructureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        useMainMethod = SpringBootTest.UseMainMethod.ALWAYS)
class PlanLifecycleIntegrationTest {

    @LocalServerPort
    int port;

    private PlanApi api;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        RenkeiInfrastructure.shared().springProperties("plan-" + UUID.randomUUID())
                .forEach((name, value) -> registry.add(name, () -> value));
        TestTokens.shared().springProperties().forEach((name, value) -> registry.add(name, () -> value));
    }

    @BeforeEach
    void client() {
        api = new PlanApi(port, TestTokens.shared().editor());
    }

    /** A hundred editors save the same version at the same moment: one wins, 99 get 412, one event leaves. */
    @Test
    void concurrentEditsFromTheSameVersionHaveExactlyOneWinnerOneEventAndNoLostUpdate() throws Exception {
        String measureId = "c-" + shortId();
        String measure = api.createMeasure(measureId, "同時編集の検証");
        String etag = etag(api.get(measure));
        String base = api.get(measure).body();
        int editors = 100;
        ExecutorService pool = Executors.newFixedThreadPool(editors);
        CountDownLatch ready = new CountDownLatch(editors);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> results = new ArrayList<>();
        try {
            for (int i = 0; i < editors; i++) {
                ObjectNode body = editable(base);
                body.put("basicPolicy", "編集者" + i + "の方針");
                Callable<HttpResponse<String>> edit = () -> {
                    ready.countDown();
                    go.await();
                    return api.put(measure, etag, body);
                };
                results.add(pool.submit(edit));
            }
            assertThat(ready.await(60, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            List<HttpResponse<String>> responses = new ArrayList<>();
            for (Future<HttpResponse<String>> result : results) {
                responses.add(result.get(120, TimeUnit.SECONDS));
            }

            List<HttpResponse<String>> winners = responses.stream().filter(r -> r.statusCode() == 200).toList();
            assertThat(winners).hasSize(1);
            assertThat(responses.stream().filter(r -> r.statusCode() == 412)).hasSize(editors - 1);
            String winningPolicy = JSON.readTree(winners.get(0).body()).path("basicPolicy").asString();
            JsonNode stored = JSON.readTree(api.get(measure).body());
            assertThat(stored.path("version").asLong()).isEqualTo(2);
            assertThat(stored.path("basicPolicy").asString()).isEqualTo(winningPolicy);

            // one more edit after the race: once its event is out, any event of a losing edit would be out before it
            ObjectNode marker = editable(api.get(measure).body());
            marker.put("basicPolicy", "競合の後の編集");
            assertThat(api.put(measure, etag(winners.get(0)), marker).statusCode()).isEqualTo(200);
            try (TopicReader topic = new TopicReader(Topics.PLAN_EVENTS)) {
                List<TopicReader.Record> events = await().atMost(Duration.ofSeconds(60))
                        .until(() -> topic.withKey(measureId), seen -> seen.stream().anyMatch(e -> e.sequence() == 3));
                assertThat(events).extracting(TopicReader.Record::sequence).containsExactly(1L, 2L, 3L);
                assertThat(events.get(1).value()).contains(winningPolicy);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theLifecycleIsEnforcedAndEachStepIsAnEvent() {
        String measure = api.createMeasure("l-" + shortId(), "ライフサイクルの検証");
        assertThat(JSON.readTree(api.get(measure).body()).path("status").asString()).isEqualTo("DRAFT");

        HttpResponse<String> adoptedUnheard = api.post(measure + "/status", "\"1\"", status("ADOPTED"));
        assertThat(adoptedUnheard.statusCode()).as("a draft is adopted only after consultation").isEqualTo(409);
        assertThat(adoptedUnheard.body()).contains("\"currentStatus\":\"DRAFT\"");

        HttpResponse<String> toConsultation = api.post(measure + "/status", "\"1\"", status("IN_CONSULTATION"));
        assertThat(toConsultation.statusCode()).isEqualTo(200);
        HttpResponse<String> adopted = api.post(measure + "/status", etag(toConsultation), status("ADOPTED"));
        assertThat(adopted.statusCode()).isEqualTo(200);
        HttpResponse<String> backToDraft = api.post(measure + "/status", etag(adopted), status("DRAFT"));
        assertThat(backToDraft.statusCode()).isEqualTo(409);
        assertThat(backToDraft.body()).contains("\"currentStatus\":\"ADOPTED\"");

        HttpResponse<String> archived = api.post(measure + "/archive", etag(adopted),
                JSON.createObjectNode().put("reason", "計画期間の終了"));
        assertThat(archived.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(archived.body()).path("status").asString()).isEqualTo("ARCHIVED");
        HttpResponse<String> editArchived = api.put(measure, etag(archived), editable(archived.body()));
        assertThat(editArchived.statusCode()).isEqualTo(409);

        String measureId = measure.substring(measure.lastIndexOf('/') + 1);
        try (TopicReader topic = new TopicReader(Topics.PLAN_EVENTS)) {
            List<String> types = await().atMost(Duration.ofSeconds(30)).until(
                    () -> topic.poll(event -> measureId.equals(event.key())).stream()
                            .map(TopicReader.Record::type).toList(),
                    seen -> seen.size() >= 4);
            assertThat(types).containsExactly(PlanEventTypes.MEASURE_CREATED, PlanEventTypes.MEASURE_STATUS_CHANGED,
                    PlanEventTypes.MEASURE_STATUS_CHANGED, PlanEventTypes.MEASURE_ARCHIVED);
        }
    }

    @Test
    void theHistoryHasEveryVersionAndTheDiffNamesWhatChanged() {
        String measure = api.createMeasure("h-" + shortId(), "履歴の検証");
        HttpResponse<String> v1 = api.get(measure);
        ObjectNode change = editable(v1.body());
        change.put("basicPolicy", "改訂後の基本方針。");
        change.putArray("tags").add("広域連携").add("定住自立圏:公共交通");
        change.put("reason", "公共交通の見直し");
        HttpResponse<String> v2 = api.put(measure, etag(v1), change);
        assertThat(v2.statusCode()).isEqualTo(200);

        JsonNode history = await().atMost(Duration.ofSeconds(30)).until(
                () -> JSON.readTree(api.get(measure + "/revisions").body()), revisions -> revisions.size() == 2);
        assertThat(history.get(0).path("version").asLong()).isEqualTo(1);
        assertThat(history.get(1).path("reason").asString()).isEqualTo("公共交通の見直し");
        assertThat(history.get(1).path("changedSections").toString()).isEqualTo("[\"basicPolicy\",\"tags\"]");
        assertThat(JSON.readTree(api.get(measure + "/revisions/1").body()).path("measure").path("basicPolicy")
                .asString()).isEqualTo(JSON.readTree(v1.body()).path("basicPolicy").asString());

        JsonNode diff = JSON.readTree(api.get(measure + "/diff?from=1&to=2").body());
        assertThat(diff.path("sections").findValuesAsString("section")).containsExactly("basicPolicy", "tags");
        assertThat(diff.path("sections").get(0).path("after").asString()).isEqualTo("改訂後の基本方針。");
        assertThat(api.get(measure + "/revisions/9").statusCode()).isEqualTo(404);
    }

    @Test
    void aMergePatchChangesOnlyWhatItNames() {
        String measure = api.createMeasure("p-" + shortId(), "部分更新の検証");
        HttpResponse<String> before = api.get(measure);
        HttpResponse<String> patched = api.send("PATCH", measure, etag(before), "application/merge-patch+json",
                "{\"tags\":[\"情報公開\"],\"reason\":\"タグの整理\"}");

        assertThat(patched.statusCode()).isEqualTo(200);
        JsonNode after = JSON.readTree(patched.body());
        assertThat(after.path("tags").toString()).isEqualTo("[\"情報公開\"]");
        assertThat(after.path("basicPolicy")).isEqualTo(JSON.readTree(before.body()).path("basicPolicy"));
        HttpResponse<String> badPatch = api.send("PATCH", measure, etag(patched), "application/merge-patch+json",
                "{\"title\":null}");
        assertThat(badPatch.statusCode()).isEqualTo(400);
        assertThat(badPatch.body()).contains("\"title\"");
    }

    @Test
    void creationIsCheckedAgainstThePlanAndAppearsInTheTree() {
        ObjectNode body = editable(api.get(PLAN + "/measures/5-2-2").body());
        body.put("measureId", "t-" + shortId()).put("goalNumber", 5).put("areaId", "9-9");
        HttpResponse<String> wrongArea = api.post(PLAN + "/measures", null, body);
        assertThat(wrongArea.statusCode()).isEqualTo(400);
        assertThat(wrongArea.body()).contains("\"areaId\"");

        String measure = api.createMeasure("t-" + shortId(), "新しい施策");
        String measureId = measure.substring(measure.lastIndexOf('/') + 1);
        ObjectNode again = editable(api.get(measure).body());
        again.put("measureId", measureId).put("goalNumber", 5).put("areaId", "5-2");
        assertThat(api.post(PLAN + "/measures", null, again).statusCode()).isEqualTo(409);
        assertThat(api.get(PLAN).body()).contains("\"measureId\":\"" + measureId + "\"");
    }

    @Test
    void searchFoldsWidthAndKana() {
        JsonNode halfWidth = JSON.readTree(api.get(PLAN + "/search?q=%EF%BE%9C%EF%BD%B0%EF%BD%B8%EF%BE%97%EF%BD%B2%EF%BE%8C").body());
        assertThat(halfWidth.findValuesAsString("text")).anyMatch(text -> text.contains("ワークライフバランス"));
        JsonNode hiragana = JSON.readTree(api.get(PLAN + "/search?q=" + java.net.URLEncoder.encode("ぱぶりっくこめんと",
                java.nio.charset.StandardCharsets.UTF_8)).body());
        assertThat(hiragana.findValuesAsString("measureId")).contains("5-1-3");
        assertThat(api.get(PLAN + "/search?q=").statusCode()).isEqualTo(400);
    }

    /**
     * The measure's own events, each type made here by the test (created, revised, status changed twice, archived):
     * not whichever types earlier tests happened to leave on the topic.
     */
    @Test
    void eachEventTypeOfAMeasuresLifeValidatesAgainstTheSchemaOfItsType() {
        String measure = api.createMeasure("s-" + shortId(), "スキーマの検証");
        String measureId = measure.substring(measure.lastIndexOf('/') + 1);
        ObjectNode revision = editable(api.get(measure).body());
        revision.put("basicPolicy", "スキーマの検証（改訂）");
        HttpResponse<String> revised = api.put(measure, etag(api.get(measure)), revision);
        assertThat(revised.statusCode()).as(revised.body()).isEqualTo(200);
        HttpResponse<String> consulted = api.post(measure + "/status", etag(revised), status("IN_CONSULTATION"));
        assertThat(consulted.statusCode()).as(consulted.body()).isEqualTo(200);
        HttpResponse<String> adopted = api.post(measure + "/status", etag(consulted), status("ADOPTED"));
        assertThat(adopted.statusCode()).as(adopted.body()).isEqualTo(200);
        HttpResponse<String> archived = api.post(measure + "/archive", etag(adopted),
                JSON.createObjectNode().put("reason", "スキーマの検証"));
        assertThat(archived.statusCode()).as(archived.body()).isEqualTo(200);

        JsonSchemaFactory schemas = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        com.fasterxml.jackson.databind.ObjectMapper jackson2 = new com.fasterxml.jackson.databind.ObjectMapper();
        try (TopicReader topic = new TopicReader(Topics.PLAN_EVENTS)) {
            List<TopicReader.Record> events = await().atMost(Duration.ofSeconds(30))
                    .until(() -> topic.poll(event -> measureId.equals(event.key())), seen -> seen.size() >= 5);
            assertThat(events).extracting(TopicReader.Record::type).containsExactly(
                    PlanEventTypes.MEASURE_CREATED, PlanEventTypes.MEASURE_REVISED,
                    PlanEventTypes.MEASURE_STATUS_CHANGED, PlanEventTypes.MEASURE_STATUS_CHANGED,
                    PlanEventTypes.MEASURE_ARCHIVED);
            for (TopicReader.Record event : events) {
                JsonSchema schema = schemas.getSchema(
                        SchemaLocation.of("classpath:schemas/plan/" + event.type() + ".json"));
                Set<ValidationMessage> errors = schema.validate(jackson2.readTree(event.value()));
                assertThat(errors).as(event.type() + " " + event.headers().get("ce_id")).isEmpty();
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    private static ObjectNode status(String status) {
        return JSON.createObjectNode().put("status", status).put("reason", "検証");
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
