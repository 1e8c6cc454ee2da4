package jp.renkei.consultation.hearing;

import static jp.renkei.consultation.support.ConsultationApi.JSON;
import static jp.renkei.consultation.support.ConsultationApi.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import jp.renkei.consultation.support.ConsultationApi;
import jp.renkei.consultation.support.ConsultationServiceIntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Listening channels: intake, answer, close, what the public sees, and the per-measure report of a fiscal year. */
class HearingIntegrationTest extends ConsultationServiceIntegrationTest {

    @Test
    void recordsMoveFromReceivedToAnsweredToClosedAndOnlyPublishableAnsweredOnesArePublic() {
        LocalDate day = today();
        ObjectNode talk = record("DELIVERY_TALK", day, "5-1-2");
        talk.putObject("groupRequest").put("groupName", "潮見町内会").put("requestedDate", day.plusDays(20).toString())
                .put("topic", "地域の防災と情報発信");
        HttpResponse<String> received = api.staffPost("/hearings", talk);
        assertThat(received.statusCode()).as(received.body()).isEqualTo(201);
        String id = json(received).path("id").asString();
        assertThat(json(received).path("status").asString()).isEqualTo("RECEIVED");
        assertThat(json(received).path("channelLabel").asString()).isEqualTo("宅配トーク");
        assertThat(json(received).path("groupRequest").path("groupName").asString()).isEqualTo("潮見町内会");

        HttpResponse<String> notYetAnswered = api.staffPost("/hearings/" + id + "/close", JSON.createObjectNode());
        assertThat(notYetAnswered.statusCode()).isEqualTo(409);
        assertThat(notYetAnswered.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(notYetAnswered).path("type").asString()).isEqualTo("https://renkei.jp/problems/forbidden-transition");
        assertThat(json(notYetAnswered).path("title").asString()).isEqualTo("Status change not allowed");
        assertThat(json(notYetAnswered).path("field").asString()).isEqualTo("status");
        assertThat(json(notYetAnswered).path("currentStatus").asString()).isEqualTo("RECEIVED");
        assertThat(publishedIds()).doesNotContain(id);
        HttpResponse<String> answered = api.staffPost("/hearings/" + id + "/response",
                JSON.createObjectNode().put("response", "防災メールの登録方法をご説明しました。").put("publishable", true));
        assertThat(json(answered).path("status").asString()).isEqualTo("ANSWERED");
        assertThat(publishedIds()).contains(id);
        HttpResponse<String> closed = api.staffPost("/hearings/" + id + "/close", JSON.createObjectNode());
        assertThat(json(closed).path("status").asString()).isEqualTo("CLOSED");
        assertThat(api.staffPost("/hearings/" + id + "/response", JSON.createObjectNode().put("response", "再回答").put("publishable", true))
                .statusCode()).isEqualTo(409);
    }

    @Test
    void badInputIsRefusedAndNothingIsStored() {
        int before = json(api.staffGet("/hearings")).size();
        ObjectNode groupOnALetter = record("MAYOR_LETTER", today(), "5-1-3");
        groupOnALetter.putObject("groupRequest").put("groupName", "会").put("requestedDate", today().toString())
                .put("topic", "t");

        assertProblem(api.staffPost("/hearings", record("MAYOR_LETTER", today(), "9-9-9")), "measureIds[0]");
        assertProblem(api.staffPost("/hearings", record("TELEGRAM", today(), "5-1-3")), "channel");
        assertProblem(api.staffPost("/hearings", groupOnALetter), "groupRequest");
        assertThat(api.post("/hearings", Map.of(), record("SURVEY", today(), "5-1-3").toString()).statusCode())
                .as("an anonymous caller's token").isEqualTo(403);
        ObjectNode undecided = record("SURVEY", today(), "5-1-3");
        undecided.remove("publishable");
        assertProblem(api.staffPost("/hearings", undecided), "publishable");
        assertThat(json(api.staffGet("/hearings")).size()).isEqualTo(before);
    }

    @Test
    void theReportCountsOpinionsAndHearingRecordsPerMeasureInTheFiscalYear() {
        LocalDate day = today();
        int fiscalYear = day.getMonthValue() >= 4 ? day.getYear() : day.getYear() - 1;
        long opinionsBefore = row(fiscalYear, "5-2-1").path("opinions").asLong();
        long hearingsBefore = row(fiscalYear, "5-2-1").path("hearingRecords").asLong();

        api.staffPost("/hearings", record("MAYOR_LETTER", day, "5-2-1"));
        api.staffPost("/hearings", record("RESIDENTS_MEETING", day, "5-2-1", "5-2-2"));
        api.staffPost("/hearings", record("SURVEY", LocalDate.of(fiscalYear - 1, 6, 1), "5-2-1"));
        String consultation = openConsultation("5-2-1");
        api.post("/consultations/" + consultation + "/opinions", Map.of(),
                ConsultationApi.opinion("行政運営について", "網走 次郎", "網走市").toString());

        assertThat(row(fiscalYear, "5-2-1").path("hearingRecords").asLong()).isEqualTo(hearingsBefore + 2);
        assertThat(row(fiscalYear, "5-2-1").path("opinions").asLong()).isEqualTo(opinionsBefore + 1);
        assertThat(row(fiscalYear - 1, "5-2-1").path("hearingRecords").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(api.get("/hearings/report?year=1999").statusCode()).isEqualTo(400);
    }

    private JsonNode row(int year, String measureId) {
        for (JsonNode row : json(api.get("/hearings/report?year=" + year))) {
            if (row.path("measureId").asString().equals(measureId)) {
                return row;
            }
        }
        throw new AssertionError("no report row for " + measureId);
    }

    private List<String> publishedIds() {
        return json(api.get("/hearings/published")).findValuesAsString("id");
    }

    private static ObjectNode record(String channel, LocalDate date, String... measureIds) {
        return ConsultationApi.hearing(channel, date, measureIds);
    }

    private static void assertProblem(HttpResponse<String> response, String field) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(response).path("field").asString()).isEqualTo(field);
    }
}
