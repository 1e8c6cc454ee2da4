package jp.renkei.system;

import static jp.renkei.system.GatewayClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import jp.renkei.contracts.events.PlanEventTypes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The joint 定住自立圏共生ビジョン of 網走市 and 大空町 (issue #14), through the gateway with real keys: 大空町's key
 * revises a joint measure, the city sees the revision attributed to 大空町, revises again and asks for adoption;
 * 大空町 approves the exact version, a further revision drops the approval, 大空町 approves again and the city adopts.
 * The Okhotsk council's key changes nothing of the plan, and a stale approval stores nothing.
 */
@ExtendWith(RenkeiSystemExtension.class)
class JointPlanJourneyTest {

    private static final String VISION = "/api/plans/abashiri-ozora-settlement-vision";
    private static final String MEASURE = VISION + "/measures/sv-medical";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static RenkeiSystem system;

    @BeforeAll
    static void start(RenkeiSystem running) {
        system = running;
    }

    @Test
    void ozoraEditsTheCityRevisesBothAgreeVersionByVersionAndTheCouncilChangesNothing() {
        GatewayClient ozora = new GatewayClient(system.gatewayUrl(), system.partnerKey("ozora"));
        GatewayClient council = new GatewayClient(system.gatewayUrl(), system.partnerKey("okhotsk-council"));
        GatewayClient city = new GatewayClient(system.gatewayUrl(), system.editorKey());

        JsonNode plans = json(city.get("/api/plans"));
        assertThat(plans.findValuesAsString("planId"))
                .contains("abashiri-comprehensive-plan", "abashiri-ozora-settlement-vision");

        HttpResponse<String> read = ozora.get(MEASURE);
        long start = version(read);
        String ozoraPolicy = "【例示】救急医療の連携を大空町から提案します。";
        HttpResponse<String> byOzora = ozora.put(MEASURE, editable(read).put("basicPolicy", ozoraPolicy)
                .put("reason", "大空町からの修正").toString(), ifMatch(read));
        assertThat(byOzora.statusCode()).as(byOzora.body()).isEqualTo(200);
        assertThat(json(byOzora).path("basicPolicy").asString()).isEqualTo(ozoraPolicy);

        JsonNode attributed = await().atMost(Duration.ofSeconds(60)).until(
                () -> revisionAt(city, version(byOzora)), revision -> revision != null);
        assertThat(attributed.path("editedBy").path("municipalityId").asString()).isEqualTo("ozora");
        assertThat(attributed.path("editedBy").path("name").asString()).isEqualTo("大空町");

        HttpResponse<String> byCity = city.patch(MEASURE, "{\"title\":\"医療（例示・網走市改）\"}", ifMatch(byOzora));
        assertThat(byCity.statusCode()).as(byCity.body()).isEqualTo(200);
        HttpResponse<String> asked = city.post(MEASURE + "/status", "{\"status\":\"IN_CONSULTATION\"}", ifMatch(byCity));
        assertThat(asked.statusCode()).as(asked.body()).isEqualTo(200);
        HttpResponse<String> tooEarly = city.post(MEASURE + "/status", "{\"status\":\"ADOPTED\"}", ifMatch(asked));
        assertProblem(tooEarly, 409);
        assertThat(json(tooEarly).path("missingApprovals").findValuesAsString("municipalityId")).containsExactly("ozora");

        // the council co-owns nothing: every write of the joint plan is 403, and nothing is stored
        String before = city.get(MEASURE).body();
        assertProblem(council.put(MEASURE, editable(asked).put("title", "改ざん").toString(), ifMatch(asked)), 403);
        assertProblem(council.patch(MEASURE, "{\"title\":\"改ざん\"}", ifMatch(asked)), 403);
        assertProblem(council.post(MEASURE + "/approvals", approval(version(asked))), 403);
        assertProblem(council.post(MEASURE + "/status", "{\"status\":\"ADOPTED\"}", ifMatch(asked)), 403);
        assertProblem(council.post(VISION + "/measures", editable(asked).put("measureId", "sv-council")
                .put("goalNumber", 1).put("areaId", "sv-1").toString()), 403);
        assertThat(city.get(MEASURE).body()).isEqualTo(before);

        HttpResponse<String> approved = ozora.post(MEASURE + "/approvals", approval(version(asked)));
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        assertThat(json(approved).path("approvals").findValuesAsString("municipalityId")).containsExactly("ozora");

        HttpResponse<String> revisedAgain = city.patch(MEASURE, "{\"basicPolicy\":\"【例示】網走市が方針を改めました。\"}",
                ifMatch(approved));
        assertThat(json(revisedAgain).path("approvals").isEmpty()).as("a new revision drops the approval").isTrue();
        assertProblem(city.post(MEASURE + "/status", "{\"status\":\"ADOPTED\"}", ifMatch(revisedAgain)), 409);

        HttpResponse<String> stale = ozora.post(MEASURE + "/approvals", approval(version(approved)));
        assertProblem(stale, 409);
        assertThat(json(stale).path("currentVersion").asLong()).isEqualTo(version(revisedAgain));
        assertThat(version(city.get(MEASURE))).as("nothing stored on the stale approval").isEqualTo(version(revisedAgain));

        HttpResponse<String> approvedAgain = ozora.post(MEASURE + "/approvals", approval(version(revisedAgain)));
        assertThat(approvedAgain.statusCode()).as(approvedAgain.body()).isEqualTo(200);
        HttpResponse<String> adopted = city.post(MEASURE + "/status", "{\"status\":\"ADOPTED\",\"reason\":\"両市町の合意\"}",
                ifMatch(approvedAgain));
        assertThat(adopted.statusCode()).as(adopted.body()).isEqualTo(200);
        assertThat(json(adopted).path("status").asString()).isEqualTo("ADOPTED");
        assertThat(version(adopted)).isEqualTo(start + 7);

        // 大空町 hears of its approval as a signed webhook (its settlement-zone subscription), the owner in the source
        JsonNode approvalEvent = await().atMost(Duration.ofSeconds(60)).until(
                () -> received("ozora", PlanEventTypes.MEASURE_APPROVED, version(approvedAgain)), event -> event != null);
        assertThat(approvalEvent.path("source").asString())
                .isEqualTo("/municipalities/abashiri/plans/abashiri-ozora-settlement-vision");
        assertThat(approvalEvent.path("data").path("approvedBy").path("name").asString()).isEqualTo("大空町");
        assertThat(approvalEvent.path("data").path("approvedVersion").asLong()).isEqualTo(version(revisedAgain));
        JsonNode history = await().atMost(Duration.ofSeconds(60)).until(
                () -> json(city.get(MEASURE + "/revisions")), revisions -> revisions.size() == start + 7);
        assertThat(StreamSupport.stream(history.spliterator(), false)
                .filter(revision -> revision.path("approvedBy").isObject())
                .map(revision -> revision.path("approvedVersion").asLong()).toList())
                .containsExactly(version(asked), version(revisedAgain));
    }

    private static JsonNode revisionAt(GatewayClient client, long version) {
        HttpResponse<String> revision = client.get(MEASURE + "/revisions");
        return StreamSupport.stream(json(revision).spliterator(), false)
                .filter(entry -> entry.path("version").asLong() == version).findFirst().orElse(null);
    }

    private static JsonNode received(String partnerId, String type, long sequence) throws Exception {
        HttpResponse<String> inbox = HTTP.send(HttpRequest.newBuilder(
                        URI.create(system.inboxUrl() + "/inbox?partnerId=" + partnerId)).timeout(Duration.ofSeconds(30))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        return StreamSupport.stream(GatewayClient.JSON.readTree(inbox.body()).spliterator(), false)
                .map(entry -> entry.path("event"))
                .filter(event -> type.equals(event.path("type").asString())
                        && "measures/sv-medical".equals(event.path("subject").asString())
                        && Long.toString(sequence).equals(event.path("sequence").asString()))
                .findFirst().orElse(null);
    }

    private static void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    }

    private static ObjectNode editable(HttpResponse<String> response) {
        JsonNode measure = json(response);
        ObjectNode body = GatewayClient.JSON.createObjectNode();
        List.of("title", "currentSituation", "basicPolicy", "initiatives", "relatedPlans", "glossary", "tags")
                .forEach(field -> body.set(field, measure.get(field)));
        return body;
    }

    private static String approval(long version) {
        return "{\"version\":" + version + ",\"comment\":\"大空町として承認します\"}";
    }

    private static long version(HttpResponse<String> response) {
        return json(response).path("version").asLong();
    }

    private static Map<String, String> ifMatch(HttpResponse<String> response) {
        return Map.of("If-Match", response.headers().firstValue("ETag").orElseThrow());
    }
}
