package jp.renkei.consultation.web;

import static jp.renkei.consultation.support.ConsultationApi.JSON;
import static jp.renkei.consultation.support.ConsultationApi.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import jp.renkei.consultation.support.ConsultationApi;
import jp.renkei.consultation.support.ConsultationServiceIntegrationTest;
import jp.renkei.contracts.security.InternalToken;
import jp.renkei.support.security.testing.TestTokens;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * consultation-service on its own, as if the gateway were bypassed: only the gateway's token gets in, and the
 * service's own rules ({@link ConsultationAccessRules}, {@link CaseVisibility}) hold for a valid token of the
 * wrong role.
 */
class ConsultationSecurityIntegrationTest extends ConsultationServiceIntegrationTest {

    private static final TestTokens TOKENS = TestTokens.shared();

    @Test
    void noCallGetsInWithoutAValidTokenFromTheGateway() {
        String id = openConsultation("5-2-1");
        Map<String, Supplier<String>> refused = Map.of(
                "no token", () -> null,
                "expired", () -> TOKENS.expired(InternalToken.MODERATOR),
                "signed with another key", () -> TOKENS.signedWithAnotherKey(InternalToken.MODERATOR),
                "a PUBLIC token rewritten to MODERATOR", () -> TOKENS.tampered(InternalToken.MODERATOR),
                "another audience", () -> TOKENS.with(claims -> claims.audience("somebody-else"), InternalToken.MODERATOR),
                "minted for plan-service", () -> TOKENS.with(claims -> claims.audience("plan-service"),
                        InternalToken.MODERATOR),
                "another issuer", () -> TOKENS.with(claims -> claims.issuer("mallory"), InternalToken.MODERATOR),
                "not a JWT", () -> "rk_not-a-token");

        refused.forEach((kind, token) -> {
            ConsultationApi caller = api.as(token);
            for (HttpResponse<String> response : List.of(caller.get("/consultations"), caller.get("/consultations/" + id),
                    caller.get("/v3/api-docs"), caller.staffGet("/consultations/" + id + "/audit"),
                    caller.post("/consultations/" + id + "/opinions", Map.of(),
                            ConsultationApi.opinion("署名のない意見", "網走 太郎", "網走市南6条東").toString()),
                    caller.staffPost("/hearings", ConsultationApi.hearing("SURVEY", today(), "5-2-1")))) {
                assertThat(response.statusCode()).as(kind + ": " + response.uri()).isEqualTo(401);
                assertThat(response.headers().firstValue("Content-Type").orElseThrow()).as(kind)
                        .startsWith("application/problem+json");
                assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Bearer");
            }
        });
        assertThat(json(api.staffGet("/consultations/" + id + "/opinions"))).isEmpty();
        assertThat(api.as(() -> null).get("/actuator/health/readiness").statusCode())
                .as("health stays open for healthchecks").isEqualTo(200);
    }

    @Test
    void aPublicCallerCannotRunCasesModerateOrReadWhatIsNotPublic() {
        ConsultationApi citizen = api.as(TOKENS::anonymous);
        ConsultationApi editor = api.as(ConsultationApi::editor);
        JsonNode draft = json(editor.post("/consultations", Map.of(),
                ConsultationApi.consultation("5-2-2", today().plusDays(10), today().plusDays(40)).toString()));
        String draftId = draft.path("id").asString();
        String open = openConsultation("5-2-2");
        HttpResponse<String> submitted = citizen.post("/consultations/" + open + "/opinions", Map.of(),
                ConsultationApi.opinion("公開前の意見です", "能取 花子", "網走市能取岬1番地").toString());
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(201);
        String opinionId = json(api.staffGet("/consultations/" + open + "/opinions")).get(0).path("id").asString();
        String hearing = json(api.staffPost("/hearings", ConsultationApi.hearing("MAYOR_LETTER", today(), "5-2-2")))
                .path("id").asString();
        api.staffPost("/hearings/" + hearing + "/response",
                JSON.createObjectNode().put("response", "担当課からお返事しました。").put("publishable", false));

        // function level: a valid token of the wrong role is 403
        assertForbidden(citizen.post("/consultations", Map.of(),
                ConsultationApi.consultation("5-2-2", today(), today().plusDays(29)).toString()));
        assertForbidden(citizen.post("/consultations/" + open + "/abandon", Map.of(),
                JSON.createObjectNode().put("reason", "取り下げ").toString()));
        assertForbidden(citizen.get("/consultations/" + open + "/opinions"));
        assertForbidden(citizen.get("/consultations/" + open + "/opinions/" + opinionId + "/submitter"));
        assertForbidden(citizen.post("/consultations/" + open + "/opinions/" + opinionId + "/hide", Map.of(),
                JSON.createObjectNode().put("reason", "ABUSE").toString()));
        assertForbidden(citizen.get("/consultations/" + open + "/audit"));
        assertForbidden(citizen.get("/consultations/" + open + "/groups"));
        assertForbidden(citizen.post("/consultations/" + open + "/results", Map.of(), "{}"));
        assertForbidden(citizen.get("/hearings"));
        assertForbidden(citizen.get("/hearings/" + hearing));
        assertForbidden(editor.get("/consultations/" + open + "/opinions/" + opinionId + "/submitter"));
        assertForbidden(editor.staffPost("/hearings", ConsultationApi.hearing("SURVEY", today(), "5-2-2")));
        assertForbidden(api.as(() -> TOKENS.partner("ozora")).post("/consultations", Map.of(),
                ConsultationApi.consultation("5-2-2", today(), today().plusDays(29)).toString()));
        assertForbidden(api.as(() -> TOKENS.token("ops", InternalToken.OPERATOR)).get("/hearings/" + hearing));
        assertForbidden(citizen.get("/actuator/prometheus"));
        assertThat(api.as(() -> TOKENS.token("ops", InternalToken.OPERATOR)).get("/actuator/prometheus").statusCode())
                .isEqualTo(200);

        // object level: a case that has not opened does not exist for the public
        for (HttpResponse<String> response : List.of(citizen.get("/consultations/" + draftId),
                citizen.get("/consultations/" + draftId + "/results"),
                citizen.get("/consultations/" + draftId + "/results.csv"),
                citizen.post("/consultations/" + draftId + "/opinions", Map.of(),
                        ConsultationApi.opinion("下書きへの意見", "能取 花子", "網走市能取岬1番地").toString()))) {
            assertThat(response.statusCode()).as(response.uri().toString()).isEqualTo(404);
            assertThat(response.body()).doesNotContain(draft.path("caseNumber").asString()).doesNotContain("DRAFT");
        }
        assertThat(json(citizen.get("/consultations")).findValuesAsString("id")).contains(open).doesNotContain(draftId);
        assertThat(json(citizen.get("/consultations?status=DRAFT"))).isEmpty();
        assertThat(editor.get("/consultations/" + draftId).statusCode()).isEqualTo(200);
        assertThat(json(editor.get("/consultations")).findValuesAsString("id")).contains(draftId);

        // nothing the public may read carries personal data or an unpublishable record
        assertThat(citizen.get("/consultations/" + open).body()).doesNotContain("能取").doesNotContain("公開前の意見");
        assertThat(json(citizen.get("/hearings/published")).findValuesAsString("id")).doesNotContain(hearing);
        assertThat(citizen.get("/hearings/published").body()).doesNotContain("担当課からお返事しました");
    }

    @Test
    void anEditorRunsACaseAModeratorModeratesAndTheAuditNamesTheTokensSubjectNotAHeader() {
        ConsultationApi editor = api.as(ConsultationApi::editor);
        HttpResponse<String> created = editor.post("/consultations", Map.of("X-Renkei-Actor", "mallory"),
                ConsultationApi.consultation("5-1-2", today(), today().plusDays(29)).toString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = json(created).path("id").asString();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() ->
                json(api.get("/consultations/" + id)).path("status").asString().equals("OPEN"));
        HttpResponse<String> extended = editor.post("/consultations/" + id + "/deadline", Map.of(),
                JSON.createObjectNode().put("deadline", today().plusDays(35).toString())
                        .put("reason", "説明会の追加開催のため").toString());
        assertThat(extended.statusCode()).as(extended.body()).isEqualTo(200);
        api.post("/consultations/" + id + "/opinions", Map.of(),
                ConsultationApi.opinion("ばかばかしい", "網走 太郎", "網走市南6条東").toString());
        String opinionId = json(api.staffGet("/consultations/" + id + "/opinions")).get(0).path("id").asString();

        HttpResponse<String> hidden = api.as(ConsultationApi::moderator).post(
                "/consultations/" + id + "/opinions/" + opinionId + "/hide", Map.of("X-Renkei-Actor", "mallory"),
                JSON.createObjectNode().put("reason", "ABUSE").toString());
        HttpResponse<String> personalData = api.as(ConsultationApi::moderator)
                .get("/consultations/" + id + "/opinions/" + opinionId + "/submitter");

        assertThat(hidden.statusCode()).as(hidden.body()).isEqualTo(200);
        assertThat(json(personalData).path("name").asString()).isEqualTo("網走 太郎");
        JsonNode audit = json(api.staffGet("/consultations/" + id + "/audit"));
        assertThat(actorOf(audit, "created")).isEqualTo(ConsultationApi.EDITOR);
        assertThat(actorOf(audit, "deadline-extended")).isEqualTo(ConsultationApi.EDITOR);
        assertThat(actorOf(audit, "hidden")).isEqualTo(ConsultationApi.MODERATOR);
        assertThat(actorOf(audit, "viewed-personal-data")).isEqualTo(ConsultationApi.MODERATOR);
        assertThat(audit.toString()).doesNotContain("mallory");
    }

    private static String actorOf(JsonNode audit, String action) {
        for (JsonNode entry : audit) {
            if (entry.path("action").asString().equals(action)) {
                return entry.path("actor").asString();
            }
        }
        throw new AssertionError("no " + action + " in " + audit);
    }

    private static void assertForbidden(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.uri() + " " + response.body()).isEqualTo(403);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
    }
}
