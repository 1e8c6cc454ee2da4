package jp.renkei.system;

import static jp.renkei.system.GatewayClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import jp.renkei.contracts.events.PlanEventTypes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * Issue #13's "done when", through the gateway: the yearly progress cycle (進捗管理) of 5-2-2 広域連携, from an
 * indicator to a published evaluation, as staff, the public and the partner 大空町 see it; and an indicator that
 * consultation-service feeds.
 */
@ExtendWith(RenkeiSystemExtension.class)
class ProgressJourneyTest {

    private static final String PLAN = "/api/plans/abashiri-comprehensive-plan";
    private static final String WIDE_AREA = PLAN + "/measures/5-2-2";
    private static final String INFORMATION = PLAN + "/measures/5-1-3";
    private static final String PROGRESS_SUBJECT = "measures/5-2-2/progress";
    private static final String NAME = "定住自立圏の連携事業数（大空町・オホーツク圏）";
    private static RenkeiSystem system;

    @BeforeAll
    static void start(RenkeiSystem running) {
        system = running;
    }

    @Test
    void anEditorRunsTheYearlyCycleAndThePublicAndOzoraSeeOnlyWhatWasPublished() {
        GatewayClient editor = client(system.editorKey());
        GatewayClient citizen = client(null);
        String indicator = "renkei-" + UUID.randomUUID().toString().substring(0, 6);
        int publishedBefore = publishedInGoal5(citizen, "B");

        HttpResponse<String> defined = editor.post(WIDE_AREA + "/indicators", """
                {"indicatorId": "%s", "name": "%s", "unit": "事業", "direction": "HIGHER_IS_BETTER",
                 "baselineValue": 10, "baselineFiscalYear": 2023, "targetValue": 14, "targetFiscalYear": 2027,
                 "source": "企画総務部調べ", "reason": "成果検証のため"}""".formatted(indicator, NAME));
        assertThat(defined.statusCode()).as(defined.body()).isEqualTo(201);
        String actuals = WIDE_AREA + "/indicators/" + indicator + "/actuals/";

        HttpResponse<String> r6 = editor.put(actuals + "2024", actual(11, "2025-03-31"), Map.of());
        assertThat(r6.statusCode()).as(r6.body()).isEqualTo(200);
        assertThat(json(r6).path("fiscalYearLabel").asString()).isEqualTo("令和6年度");
        HttpResponse<String> r7 = editor.put(actuals + "2025", actual(13, "2026-03-31"), Map.of());
        assertThat(r7.statusCode()).as(r7.body()).isEqualTo(200);
        assertThat(json(r7).path("fiscalYearLabel").asString()).isEqualTo("令和7年度");
        HttpResponse<String> corrected = editor.put(actuals + "2024", actual(12, "2025-03-31"),
                Map.of("If-Match", etag(r6)));
        assertThat(corrected.statusCode()).as(corrected.body()).isEqualTo(200);
        JsonNode history = json(citizen.get(actuals + "2024"));
        assertThat(history.path("history")).extracting(version -> version.path("value").asInt()).containsExactly(11, 12);

        HttpResponse<String> stale = editor.put(actuals + "2024", actual(99, "2025-03-31"),
                Map.of("If-Match", etag(r6)));
        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(stale.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");

        HttpResponse<String> draft = editor.put(WIDE_AREA + "/evaluations/2025", """
                {"grade": "B", "comment": "大空町との連携事業は増えたが目標には届いていない",
                 "nextAction": "公共交通の共同運行を検討する", "evaluator": "企画総務部企画調整課"}""", Map.of());
        assertThat(draft.statusCode()).as(draft.body()).isEqualTo(200);
        assertThat(json(draft).path("achievementRate").decimalValue()).isEqualByComparingTo("75.0");
        assertThat(citizen.get(WIDE_AREA + "/evaluations/2025").statusCode()).isEqualTo(404);
        assertThat(json(citizen.get(WIDE_AREA + "/progress")).path("evaluations")).isEmpty();

        HttpResponse<String> published = editor.post(WIDE_AREA + "/evaluations/2025/publish", "{}",
                Map.of("If-Match", etag(draft)));
        assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
        JsonNode seen = json(citizen.get(WIDE_AREA + "/evaluations/2025"));
        assertThat(seen.path("status").asString()).isEqualTo("PUBLISHED");
        assertThat(seen.path("comment").asString()).isEqualTo("大空町との連携事業は増えたが目標には届いていない");
        assertThat(publishedInGoal5(citizen, "B")).isEqualTo(publishedBefore + 1);

        HttpResponse<String> csv = citizen.get(PLAN + "/progress.csv?fiscalYear=2025");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.get(0)).startsWith("\uFEFF\"fiscalYear\",\"fiscalYearLabel\",\"goalNumber\",\"areaId\","
                + "\"measureId\",\"indicatorId\",\"indicatorName\"");
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("\"5-2-2\"", "\"" + indicator + "\"",
                "\"" + NAME + "\"", ",13,", "\"B\"", "\"PUBLISHED\""));

        // 大空町 (subscribed to 広域連携) receives the progress events signed (its inbox verifies every signature),
        // in the order they happened
        List<JsonNode> received = await().atMost(Duration.ofSeconds(90)).until(() -> progressEvents("ozora", indicator),
                events -> events.size() >= 5);
        assertThat(received).extracting(event -> event.path("type").asString()).containsExactly(
                PlanEventTypes.INDICATOR_CREATED, PlanEventTypes.ACTUAL_RECORDED, PlanEventTypes.ACTUAL_RECORDED,
                PlanEventTypes.ACTUAL_RECORDED, PlanEventTypes.EVALUATION_PUBLISHED);
        List<Long> sequences = received.stream().map(event -> Long.parseLong(event.path("sequence").asString())).toList();
        assertThat(sequences).isSorted().doesNotHaveDuplicates();
        assertThat(received.get(0).path("data").path("indicator").path("name").asString()).isEqualTo(NAME);
        assertThat(received.get(4).path("data").path("grade").asString()).isEqualTo("B");
    }

    /**
     * Issue #13's last item: an indicator of 5-1-3 情報 marked as fed by consultation-service counts the opinions and
     * hearing records (広聴) on the measure per fiscal year by itself; an unmarked one is left to staff.
     */
    @Test
    void anIndicatorFedByConsultationServiceCountsTheMeasuresOpinionsAndHearingRecordsByItself() {
        GatewayClient editor = client(system.editorKey());
        GatewayClient moderator = client(system.moderatorKey());
        GatewayClient citizen = client(null);
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String fed = "voices-" + suffix;
        String manual = "manual-" + suffix;

        HttpResponse<String> unknownFeed = editor.post(INFORMATION + "/indicators",
                voicesIndicator(fed, "\"feed\": \"SNS\","));
        assertThat(unknownFeed.statusCode()).as(unknownFeed.body()).isEqualTo(400);
        assertThat(unknownFeed.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(json(unknownFeed).path("field").asString()).isEqualTo("feed");
        HttpResponse<String> definedFed = editor.post(INFORMATION + "/indicators",
                voicesIndicator(fed, "\"feed\": \"CONSULTATION_PARTICIPATION\","));
        assertThat(definedFed.statusCode()).as(definedFed.body()).isEqualTo(201);
        assertThat(json(definedFed).path("feed").asString()).isEqualTo("CONSULTATION_PARTICIPATION");
        HttpResponse<String> definedManual = editor.post(INFORMATION + "/indicators", voicesIndicator(manual, ""));
        assertThat(definedManual.statusCode()).as(definedManual.body()).isEqualTo(201);

        LocalDate today = LocalDate.ofInstant(system.consultationClock().instant(), ZoneId.of("Asia/Tokyo"));
        int fiscalYear = today.getMonthValue() >= 4 ? today.getYear() : today.getYear() - 1;
        long version = json(citizen.get(INFORMATION)).path("version").asLong();
        HttpResponse<String> created = editor.post("/api/consultations", """
                {"title":"広聴の充実について（案）","planId":"abashiri-comprehensive-plan",
                 "targets":[{"measureId":"5-1-3","measureVersion":%d,"sectionIds":["basicPolicy"]}],
                 "legalBasis":"網走市市民意見公募手続要綱","department":"総務部 広報広聴課","contact":"0152-44-6111",
                 "publicationDate":"%s","deadline":"%s"}""".formatted(version, today, today.plusDays(29)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String consultation = "/api/consultations/" + json(created).path("id").asString();
        await().atMost(Duration.ofSeconds(30)).until(() -> "OPEN".equals(json(citizen.get(consultation))
                .path("status").asString()));
        HttpResponse<String> opinion = citizen.post(consultation + "/opinions", """
                {"sectionId":"basicPolicy","text":"みんなの市長室を夜にも開いてください。",
                 "submitter":{"name":"網走 三郎","address":"網走市潮見"}}""");
        assertThat(opinion.statusCode()).as(opinion.body()).isEqualTo(201);

        String actual = INFORMATION + "/indicators/" + fed + "/actuals/" + fiscalYear;
        JsonNode counted = await().atMost(Duration.ofSeconds(60)).until(() -> json(citizen.get(actual)).path("current"),
                current -> "consultation-service".equals(current.path("source").asString()));
        long opinionsAndRecords = counted.path("value").asLong();
        assertThat(opinionsAndRecords).isPositive();
        assertThat(counted.path("recordedBy").asString()).isEqualTo("consultation-service");

        HttpResponse<String> heard = moderator.post("/api/hearings", """
                {"channel":"MAYORS_OFFICE","date":"%s","summary":"広報紙の配布方法について","topics":["広報"],
                 "planId":"abashiri-comprehensive-plan","measureIds":["5-1-3"],"publishable":false}""".formatted(today));
        assertThat(heard.statusCode()).as(heard.body()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(60)).until(() -> json(citizen.get(actual)).path("current").path("value")
                .asLong() == opinionsAndRecords + 1);
        assertThat(json(citizen.get(INFORMATION + "/indicators/" + manual)).path("current").path("actuals"))
                .as("an indicator not marked as fed is left to staff").isEmpty();

        // retired, they take no more counts: the other journeys' opinions on 5-1-3 leave them as they are
        editor.post(INFORMATION + "/indicators/" + fed + "/retire", "{}", Map.of("If-Match", etag(definedFed)));
        editor.post(INFORMATION + "/indicators/" + manual + "/retire", "{}", Map.of("If-Match", etag(definedManual)));
    }

    private static String voicesIndicator(String indicatorId, String feed) {
        return """
                {"indicatorId": "%s", "name": "施策への意見・広聴の件数", "unit": "件", "direction": "HIGHER_IS_BETTER",
                 %s "baselineValue": 40, "baselineFiscalYear": 2023, "targetValue": 60, "targetFiscalYear": 2027,
                 "source": "広報広聴課調べ"}""".formatted(indicatorId, feed);
    }

    /** The progress events of 5-2-2 in ozora's inbox, in the order received, from this test's indicator on. */
    private static List<JsonNode> progressEvents(String partnerId, String indicator) {
        JsonNode inbox = json(new GatewayClient(system.inboxUrl(), null).get("/inbox?partnerId=" + partnerId));
        List<JsonNode> events = StreamSupport.stream(inbox.spliterator(), false)
                .map(received -> received.path("event"))
                .filter(event -> PROGRESS_SUBJECT.equals(event.path("subject").asString())).toList();
        int first = 0;
        while (first < events.size() && !indicator.equals(events.get(first).path("data").path("indicator")
                .path("indicatorId").asString())) {
            first++;
        }
        return events.subList(first, events.size());
    }

    private static int publishedInGoal5(GatewayClient caller, String grade) {
        JsonNode rollUp = json(caller.get(PLAN + "/progress/rollup?fiscalYear=2025"));
        for (JsonNode goal : rollUp.path("goals")) {
            if (goal.path("goalNumber").asInt() == 5) {
                return goal.path("tally").path("measuresByGrade").path(grade).asInt();
            }
        }
        throw new AssertionError("no goal 5 in " + rollUp);
    }

    private static String actual(int value, String asOf) {
        return "{\"value\": " + value + ", \"asOf\": \"" + asOf + "\", \"source\": \"企画総務部調べ\"}";
    }

    private static String etag(HttpResponse<String> response) {
        return response.headers().firstValue("ETag").orElseThrow();
    }

    private static GatewayClient client(String key) {
        return new GatewayClient(system.gatewayUrl(), key);
    }
}
