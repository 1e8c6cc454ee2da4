package jp.renkei.system;

import static jp.renkei.system.GatewayClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Partners answer back (応答・意見照会), through the gateway with real keys: the city revises 5-2-2 (広域連携),
 * 大空町 finds the revision in its feed and objects to it, the city sees the objection under the version and answers
 * it, and 大空町 reads the answer in its feed; the city asks 大空町 and the Okhotsk council for their views, the request
 * reaches both, 大空町 answers, and the request shows who answered and who has not yet.
 */
@ExtendWith(RenkeiSystemExtension.class)
class PartnersAnswerTest {

    private static final String MEASURE = "/api/plans/abashiri-comprehensive-plan/measures/5-2-2";
    private static final String RESPONSES = "/api/collaboration/plans/abashiri-comprehensive-plan/measures/5-2-2/responses";
    private static final String OBJECTION = "第２項の公共交通の記述は、大空町との協議の結果を反映していません①。";
    private static RenkeiSystem system;

    @BeforeAll
    static void start(RenkeiSystem running) {
        system = running;
    }

    @Test
    void aPartnerObjectsTheCityAnswersAndAsksForViews() {
        GatewayClient editor = new GatewayClient(system.gatewayUrl(), system.editorKey());
        GatewayClient ozora = new GatewayClient(system.gatewayUrl(), system.partnerKey("ozora"));
        GatewayClient council = new GatewayClient(system.gatewayUrl(), system.partnerKey("okhotsk-council"));
        long version = revise(editor);
        JsonNode revision = await().atMost(Duration.ofSeconds(60)).until(
                () -> inFeed(ozora, "ozora", "jp.renkei.plan.measure.revised.v1", version), event -> event != null);
        String eventId = revision.path("id").asString();

        HttpResponse<String> objected = ozora.send("PUT", "/api/partners/ozora/responses/" + eventId,
                "{\"kind\":\"OBJECTED\",\"text\":\"" + OBJECTION + "\",\"section\":\"現状と課題\"}");
        assertThat(objected.statusCode()).as(objected.body()).isEqualTo(201);
        // another partner's key cannot speak for 大空町, nor answer for the city
        assertThat(council.send("PUT", "/api/partners/ozora/responses/" + eventId,
                "{\"kind\":\"ACKNOWLEDGED\",\"text\":\"x\"}").statusCode()).isEqualTo(403);
        assertThat(ozora.get(RESPONSES).statusCode()).isEqualTo(403);
        // an event ozora never received: 404 problem+json, nothing stored
        HttpResponse<String> never = ozora.send("PUT", "/api/partners/ozora/responses/" + UUID.randomUUID(),
                "{\"kind\":\"COMMENTED\",\"text\":\"x\"}");
        assertThat(never.statusCode()).isEqualTo(404);
        assertThat(never.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");

        JsonNode responses = json(editor.get(RESPONSES + "?version=" + version));
        assertThat(responses).hasSize(1);
        assertThat(responses.get(0).path("text").asString()).isEqualTo(OBJECTION);
        String responseId = responses.get(0).path("id").asString();
        HttpResponse<String> answered = editor.post("/api/collaboration/responses/" + responseId + "/answer",
                "{\"text\":\"ご指摘の点は次の改定で反映します。\"}");
        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
        JsonNode answer = await().atMost(Duration.ofSeconds(60)).until(
                () -> inFeed(ozora, "ozora", "jp.renkei.sync.response.answered.v1", version), event -> event != null);
        assertThat(answer.path("data").path("text").asString()).isEqualTo("ご指摘の点は次の改定で反映します。");

        String request = """
                {"planId":"abashiri-comprehensive-plan","measureId":"5-2-2","version":%d,
                 "text":"第%d版について、%sまでにご意見をお寄せください。","partners":["ozora","okhotsk-council"],
                 "deadline":"%s"}""";
        Instant deadline = Instant.now().plus(Duration.ofDays(14));
        HttpResponse<String> sent = editor.post("/api/collaboration/view-requests",
                request.formatted(version, version, "二週間後", deadline));
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(201);
        String requestId = json(sent).path("id").asString();
        for (String partner : List.of("ozora", "okhotsk-council")) {
            GatewayClient client = partner.equals("ozora") ? ozora : council;
            await().atMost(Duration.ofSeconds(60)).until(
                    () -> inFeed(client, partner, "jp.renkei.sync.view-request.sent.v1", version), event -> event != null
                            && event.path("id").asString().equals(requestId));
        }
        assertThat(ozora.send("PUT", "/api/partners/ozora/responses/" + requestId,
                "{\"kind\":\"COMMENTED\",\"text\":\"医療・福祉の項に異論はありません。\"}").statusCode()).isEqualTo(201);
        JsonNode standing = json(editor.get("/api/collaboration/view-requests/" + requestId));
        assertThat(standing.path("answered")).extracting(JsonNode::asString).containsExactly("ozora");
        assertThat(standing.path("waiting")).extracting(JsonNode::asString).containsExactly("okhotsk-council");
        assertThat(json(editor.post("/api/collaboration/view-requests",
                request.formatted(version, version, "昨日", Instant.now().minus(Duration.ofDays(1)))))
                .path("field").asString()).isEqualTo("deadline");
    }

    /** A new revision of 5-2-2 by the city; its version. */
    private static long revise(GatewayClient editor) {
        HttpResponse<String> current = editor.get(MEASURE);
        JsonNode measure = json(current);
        ObjectNode body = GatewayClient.JSON.createObjectNode();
        List.of("title", "currentSituation", "basicPolicy", "initiatives", "relatedPlans", "glossary", "tags")
                .forEach(field -> body.set(field, measure.get(field)));
        body.put("basicPolicy", "広域連携の推進（応答の確認 " + UUID.randomUUID() + "）").put("reason", "応答の確認");
        HttpResponse<String> revised = editor.put(MEASURE, body.toString(),
                Map.of("If-Match", current.headers().firstValue("ETag").orElseThrow()));
        assertThat(revised.statusCode()).as(revised.body()).isEqualTo(200);
        return json(revised).path("version").asLong();
    }

    /** The newest event of the type about version {@code version} of 5-2-2 in the partner's feed, or null. */
    private static JsonNode inFeed(GatewayClient client, String partnerId, String type, long version) {
        JsonNode found = null;
        String cursor = "0";
        while (true) {
            JsonNode page = json(client.get("/api/partners/" + partnerId + "/feed?after=" + cursor + "&limit=500"));
            for (JsonNode event : page.path("events")) {
                if (event.path("type").asString().equals(type)
                        && event.path("data").path("measureId").asString().equals("5-2-2")
                        && event.path("data").path("version").asLong() == version) {
                    found = event;
                }
            }
            if (page.path("events").isEmpty()) {
                return found;
            }
            cursor = page.path("cursor").asString();
        }
    }
}
