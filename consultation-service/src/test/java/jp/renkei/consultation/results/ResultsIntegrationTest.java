package jp.renkei.consultation.results;

import static jp.renkei.consultation.support.ConsultationApi.JSON;
import static jp.renkei.consultation.support.ConsultationApi.json;
import static jp.renkei.consultation.support.ConsultationApi.opinion;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import jp.renkei.consultation.catalog.CatalogMeasure;
import jp.renkei.consultation.support.ConsultationApi;
import jp.renkei.consultation.support.ConsultationServiceIntegrationTest;
import jp.renkei.contracts.events.ConsultationEventTypes;
import jp.renkei.contracts.events.Topics;
import jp.renkei.localstack.test.TopicReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/**
 * A whole public comment: opinions in, moderated, answered, closed, the plan revised, the result published. Personal
 * data given with the opinions must appear in no event, no result, no export and no log line.
 */
@ExtendWith(OutputCaptureExtension.class)
class ResultsIntegrationTest extends ConsultationServiceIntegrationTest {

    private static final String NAME = "常呂 千代子";
    private static final String ADDRESS = "網走市潮見9丁目";
    private static final String CONTACT = "090-1234-5678";

    @Test
    void theResultShowsEachOpinionAnsweredWithItsOutcomeAndLinksThePlanRevision(CapturedOutput output) {
        String id = openConsultation("5-1-3");
        String first = submit(id, "市のホームページを見やすくしてください。");
        String second = submit(id, "ホームページの文字を大きくしてほしい。");
        String third = submit(id, "隣の山田花子さん（090-9999-0000）がうるさい。SNSでの情報発信も増やしてほしい。");
        String fourth = submit(id, "ばかばかしい");
        String fifth = submit(id, "防災情報をメールでも配信してください。長い説明が続きます。" + "詳しく述べます。".repeat(20));
        String base = "/consultations/" + id + "/opinions/";

        assertThat(api.staffPost(base + fourth + "/hide", JSON.createObjectNode().put("reason", "ABUSE")
                .put("note", "誹謗中傷のため")).statusCode()).isEqualTo(200);
        assertThat(api.staffPost(base + third + "/redact", JSON.createObjectNode()
                .put("passage", "隣の山田花子さん（090-9999-0000）がうるさい。")).statusCode()).isEqualTo(200);
        assertThat(api.staffPost(base + fifth + "/summary", JSON.createObjectNode()
                .put("summary", "防災情報のメール配信を求める意見")).statusCode()).isEqualTo(200);
        HttpResponse<String> grouped = api.staffPost("/consultations/" + id + "/groups", JSON.createObjectNode()
                .put("label", "ホームページの改善").set("opinionIds", JSON.valueToTree(List.of(first, second))));
        assertThat(grouped.statusCode()).isEqualTo(201);
        String groupId = json(grouped).path("id").asString();
        assertThat(api.staffPost("/consultations/" + id + "/groups/" + groupId + "/response", JSON.createObjectNode()
                .put("outcome", "REFLECTED").put("text", "ご意見を踏まえ、基本方針に「見やすい情報発信」を追記しました。"))
                .statusCode()).isEqualTo(200);
        assertThat(api.staffPost(base + third + "/response", JSON.createObjectNode().put("outcome", "PARTIALLY_REFLECTED")
                .put("text", "SNSの活用を主な取組に加えました。")).statusCode()).isEqualTo(200);
        closeConsultation(id);

        HttpResponse<String> unanswered = api.staffPost("/consultations/" + id + "/results", JSON.createObjectNode());
        assertThat(unanswered.statusCode()).isEqualTo(409);
        assertThat(json(unanswered).path("type").asString()).endsWith("/responses-missing");
        assertThat(api.get("/consultations/" + id + "/results").statusCode()).isEqualTo(404);

        assertThat(api.staffPost(base + fifth + "/response", JSON.createObjectNode().put("outcome", "FOR_REFERENCE")
                .put("text", "今後の取組の参考とします。")).statusCode()).isEqualTo(200);
        // the plan revision that followed the consultation
        catalog.apply(new CatalogMeasure(ConsultationApi.PLAN + "/5-1-3", ConsultationApi.PLAN, 5, "5-1", "5-1-3",
                "情報", List.of("goal-5"), "ADOPTED", 2, "revision-event", "jp.renkei.plan.measure.revised.v1", Instant.now()));

        HttpResponse<String> published = api.staffPost("/consultations/" + id + "/results", JSON.createObjectNode());

        assertThat(published.statusCode()).as(published.body()).isEqualTo(201);
        String resultJson = api.get("/consultations/" + id + "/results").body();
        assertThat(resultJson).isEqualTo(published.body());
        JsonNode result = JSON.readTree(resultJson);
        assertThat(result.path("opinionCount").asLong()).isEqualTo(5);
        assertThat(result.path("hiddenOpinionCount").asLong()).isEqualTo(1);
        assertThat(result.path("noOpinions").asBoolean()).isFalse();
        assertThat(result.path("periodDays").asLong()).isEqualTo(30);
        assertThat(result.path("outcomeCounts").path("REFLECTED").asLong()).isEqualTo(2);
        assertThat(result.path("outcomeCounts").path("PARTIALLY_REFLECTED").asLong()).isEqualTo(1);
        assertThat(result.path("outcomeCounts").path("FOR_REFERENCE").asLong()).isEqualTo(1);
        assertThat(result.path("revisions").get(0).path("diffPath").asString())
                .isEqualTo("/api/plans/abashiri-comprehensive-plan/measures/5-1-3/diff?from=1&to=2");
        JsonNode opinions = result.path("opinions");
        assertThat(opinions.get(0).path("outcomeLabel").asString()).isEqualTo("反映");
        assertThat(opinions.get(0).path("response").asString()).startsWith("ご意見を踏まえ");
        assertThat(opinions.get(2).path("text").asString()).isEqualTo("［削除］SNSでの情報発信も増やしてほしい。");
        assertThat(opinions.get(2).path("outcomeLabel").asString()).isEqualTo("一部反映");
        assertThat(opinions.get(3).path("hidden").asBoolean()).isTrue();
        assertThat(opinions.get(3).path("hiddenReason").asString()).isEqualTo("ABUSE");
        assertThat(opinions.get(3).path("text").isNull()).isTrue();
        assertThat(opinions.get(4).path("text").asString()).isEqualTo("防災情報のメール配信を求める意見");
        assertThat(opinions.get(4).path("summarised").asBoolean()).isTrue();
        assertThat(resultJson).doesNotContain("ばかばかしい").doesNotContain("山田花子");

        HttpResponse<String> csv = api.get("/consultations/" + id + "/results.csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        assertThat(csv.body()).contains("一部反映").contains("\"［削除］SNSでの情報発信も増やしてほしい。\"")
                .doesNotContain("ばかばかしい");

        List<String> moderatorActions = json(api.staffGet("/consultations/" + id + "/audit")).findValuesAsString("action");
        assertThat(moderatorActions).contains("created", "opened", "hidden", "redacted", "summarised", "group-created",
                "grouped", "responded", "closed", "results-published");
        assertThat(json(api.staffGet("/consultations/" + id + "/audit")).findValuesAsString("actor"))
                .contains(ConsultationApi.MODERATOR, "scheduler");

        try (TopicReader topic = new TopicReader(Topics.CONSULTATION_EVENTS)) {
            List<TopicReader.Record> events = await().atMost(Duration.ofSeconds(30))
                    .until(() -> topic.withKey(id), seen -> seen.size() >= 3);
            assertThat(events).extracting(TopicReader.Record::type).containsExactly(
                    ConsultationEventTypes.OPENED, ConsultationEventTypes.CLOSED, ConsultationEventTypes.RESULTS_PUBLISHED);
            JsonNode resultsEvent = JSON.readTree(events.get(2).value());
            assertThat(resultsEvent.path("opinionCount").asLong()).isEqualTo(5);
            assertThat(resultsEvent.path("publishedOpinionCount").asLong()).isEqualTo(4);
            assertThat(resultsEvent.path("resultsPath").asString()).isEqualTo("/api/consultations/" + id + "/results");
            assertThat(JSON.readTree(events.get(1).value()).path("opinionCount").asLong()).isEqualTo(5);
            events.forEach(event -> assertThat(event.value() + event.headers())
                    .doesNotContain(NAME).doesNotContain(ADDRESS).doesNotContain(CONTACT));
            jp.renkei.consultation.support.EventSchemas.assertValid(events);
        }

        // the submissions were logged (web DEBUG) — but never who made them
        assertThat(output.getAll()).contains("/consultations/" + id + "/opinions");
        assertThat(output.getAll()).doesNotContain(NAME).doesNotContain(ADDRESS).doesNotContain(CONTACT);
        assertThat(resultJson + csv.body()).doesNotContain(NAME).doesNotContain(ADDRESS).doesNotContain(CONTACT);
    }

    @Test
    void noOpinionsIsAValidResultAndSaysSo() {
        String id = openConsultation("5-2-2");
        closeConsultation(id);

        HttpResponse<String> published = api.staffPost("/consultations/" + id + "/results", JSON.createObjectNode());

        assertThat(published.statusCode()).isEqualTo(201);
        JsonNode result = json(published);
        assertThat(result.path("noOpinions").asBoolean()).isTrue();
        assertThat(result.path("opinionCount").asLong()).isZero();
        assertThat(result.path("note").asString()).isEqualTo("意見の提出はありませんでした。");
        assertThat(result.path("opinions").isEmpty()).isTrue();
        assertThat(api.staffPost("/consultations/" + id + "/results", JSON.createObjectNode()).statusCode()).isEqualTo(409);
    }

    @Test
    void moderationNeedsAModeratorAndIsRefusedOnceResultsArePublished() {
        String id = openConsultation("5-1-1");
        String opinionId = submit(id, "意見");
        HttpResponse<String> anonymous = api.post("/consultations/" + id + "/opinions/" + opinionId + "/hide", Map.of(),
                JSON.createObjectNode().put("reason", "ABUSE").toString());
        HttpResponse<String> badReason = api.staffPost("/consultations/" + id + "/opinions/" + opinionId + "/hide",
                JSON.createObjectNode().put("reason", "DISLIKE"));
        HttpResponse<String> missingPassage = api.staffPost("/consultations/" + id + "/opinions/" + opinionId + "/redact",
                JSON.createObjectNode().put("passage", "存在しない一節"));

        assertThat(anonymous.statusCode()).isEqualTo(403);
        assertThat(anonymous.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(badReason.statusCode()).isEqualTo(400);
        assertThat(json(badReason).path("field").asString()).isEqualTo("reason");
        assertThat(missingPassage.statusCode()).isEqualTo(400);
        assertThat(json(missingPassage).path("field").asString()).isEqualTo("passage");
        assertThat(json(api.staffGet("/consultations/" + id + "/audit")).findValuesAsString("action"))
                .doesNotContain("hidden", "redacted");
    }

    private String submit(String consultationId, String text) {
        HttpResponse<String> submitted = api.post("/consultations/" + consultationId + "/opinions", Map.of(),
                opinion(text, NAME, ADDRESS).toString());
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(201);
        String receipt = json(submitted).path("receiptNumber").asString();
        for (JsonNode listed : json(api.staffGet("/consultations/" + consultationId + "/opinions"))) {
            if (listed.path("receiptNumber").asString().equals(receipt)) {
                return listed.path("id").asString();
            }
        }
        throw new AssertionError("submitted opinion " + receipt + " is not listed");
    }
}
