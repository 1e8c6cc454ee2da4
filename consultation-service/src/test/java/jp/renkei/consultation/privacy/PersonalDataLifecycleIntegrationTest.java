package jp.renkei.consultation.privacy;

import static jp.renkei.consultation.support.ConsultationApi.json;
import static jp.renkei.consultation.support.ConsultationApi.opinion;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import jp.renkei.consultation.opinion.PersonalDataProperties;
import jp.renkei.consultation.support.ConsultationApi;
import jp.renkei.consultation.support.ConsultationServiceIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** A submitter's personal data is erased on request, and by itself once the consultation's retention has ended. */
class PersonalDataLifecycleIntegrationTest extends ConsultationServiceIntegrationTest {

    @Autowired
    PersonalDataLifecycle lifecycle;
    @Autowired
    PersonalDataProperties properties;

    @Test
    void aModeratorErasesASubmittersDataWithAReasonAndTheOpinionStays() {
        String id = openConsultation("5-1-3");
        String opinionId = submit(id, "除雪の情報を早く出してほしい", "網走 三郎");
        String submitter = "/consultations/" + id + "/opinions/" + opinionId + "/submitter";
        assertThat(api.staffGet(submitter).body()).contains("網走 三郎");

        HttpResponse<String> withoutReason = api.staffPost(submitter + "/erasure", ConsultationApi.JSON.createObjectNode());
        HttpResponse<String> byTheCitizen = api.as(() -> null).post(submitter + "/erasure", Map.of(),
                "{\"reason\":\"本人\"}");
        assertThat(withoutReason.statusCode()).isEqualTo(400);
        assertThat(json(withoutReason).path("field").asString()).isEqualTo("reason");
        assertThat(byTheCitizen.statusCode()).isIn(401, 403);
        assertThat(api.staffGet(submitter).statusCode()).isEqualTo(200);

        HttpResponse<String> erased = api.staffPost(submitter + "/erasure",
                ConsultationApi.JSON.createObjectNode().put("reason", "本人からの削除請求（2026-12-05 受付）"));
        HttpResponse<String> again = api.staffPost(submitter + "/erasure",
                ConsultationApi.JSON.createObjectNode().put("reason", "再度"));

        assertThat(erased.statusCode()).isEqualTo(204);
        assertThat(again.statusCode()).isEqualTo(404);
        assertThat(api.staffGet(submitter).statusCode()).isEqualTo(404);
        assertThat(json(api.staffGet("/consultations/" + id + "/opinions")).toString()).contains("除雪の情報を早く出してほしい");
        assertThat(json(api.staffGet("/consultations/" + id + "/audit")).toString())
                .contains("erased-personal-data").contains("本人からの削除請求（2026-12-05 受付）").doesNotContain("網走 三郎");
    }

    @Test
    void onceTheRetentionHasEndedEverySubmittersDataIsErasedAndTheErasureIsAudited() {
        String id = openConsultation("5-2-2");
        String kept = submit(id, "公共交通の連携を広げてほしい", "大空 四郎");
        assertThat(api.staffPost("/consultations/" + id + "/abandon",
                ConsultationApi.JSON.createObjectNode().put("reason", "計画の見直し")).statusCode()).isEqualTo(200);
        String submitter = "/consultations/" + id + "/opinions/" + kept + "/submitter";

        lifecycle.eraseWhatRetentionEnded();
        assertThat(api.staffGet(submitter).statusCode()).as("within the retention").isEqualTo(200);

        clock.advanceTo(clock.instant().plus(properties.retention()).plus(Duration.ofMinutes(1)));
        lifecycle.eraseWhatRetentionEnded();

        assertThat(api.staffGet(submitter).statusCode()).isEqualTo(404);
        JsonNode audit = json(api.staffGet("/consultations/" + id + "/audit"));
        assertThat(audit.toString()).contains("erased-personal-data").contains("retention");
        assertThat(json(api.staffGet("/consultations/" + id + "/opinions")).toString()).contains("公共交通の連携を広げてほしい");
    }

    private String submit(String consultationId, String text, String name) {
        HttpResponse<String> submitted = api.post("/consultations/" + consultationId + "/opinions", Map.of(),
                opinion(text, name, "網走市").toString());
        assertThat(submitted.statusCode()).isEqualTo(201);
        for (JsonNode listed : json(api.staffGet("/consultations/" + consultationId + "/opinions"))) {
            if (listed.path("text").asString().equals(text)) {
                return listed.path("id").asString();
            }
        }
        throw new AssertionError("the opinion was not listed");
    }
}
