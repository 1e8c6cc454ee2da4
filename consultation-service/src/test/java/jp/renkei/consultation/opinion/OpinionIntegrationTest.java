package jp.renkei.consultation.opinion;

import static jp.renkei.consultation.support.ConsultationApi.json;
import static jp.renkei.consultation.support.ConsultationApi.opinion;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import jp.renkei.consultation.support.ConsultationApi;
import jp.renkei.consultation.support.ConsultationServiceIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Submitting opinions: receipts, idempotent retries, the limits, and personal data kept apart and encrypted. */
class OpinionIntegrationTest extends ConsultationServiceIntegrationTest {

    @Autowired
    OpinionStore opinions;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    SubmitterVault vault;
    @Autowired
    PersonalDataCipher cipher;
    @Autowired
    tools.jackson.databind.json.JsonMapper json;

    @Test
    void aSubmissionRetriedWithTheSameIdempotencyKeyIsStoredOnceWithTheSameReceipt() {
        String id = openConsultation("5-1-3");
        String body = opinion("広報誌の電子版を充実させてください。", "網走 太郎", "網走市南6条").toString();

        HttpResponse<String> first = api.post("/consultations/" + id + "/opinions", Map.of("Idempotency-Key", "retry-1"), body);
        HttpResponse<String> retry = api.post("/consultations/" + id + "/opinions", Map.of("Idempotency-Key", "retry-1"), body);
        HttpResponse<String> different = api.post("/consultations/" + id + "/opinions",
                Map.of("Idempotency-Key", "retry-1"), opinion("別の意見", "網走 太郎", "網走市南6条").toString());

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(json(first).path("receiptNumber").asString()).matches("PC-\\d{4}-\\d{3}-00001");
        assertThat(retry.statusCode()).isEqualTo(201);
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(json(retry).path("receiptNumber").asString()).isEqualTo(json(first).path("receiptNumber").asString());
        assertThat(different.statusCode()).isEqualTo(409);
        assertThat(json(different).path("field").asString()).isEqualTo("Idempotency-Key");
        assertThat(opinions.count(id)).isEqualTo(1);
    }

    @Test
    void aSubmissionInterruptedAfterSealingItsSubmitterIsCompletedByItsRetryAndNotTakenOverByAnother() {
        String id = openConsultation("5-1-3");
        NewOpinion interrupted = new NewOpinion(null, "basicPolicy", null, "中断された意見",
                new Submitter("美幌 三郎", "網走市北1条", null, null));
        String opinionId = OpinionService.derivedId(id, "crash-1");
        // what a process that died between sealing the submitter and inserting the opinion leaves behind
        vault.store(opinionId, id, cipher.fingerprint(json.writeValueAsString(interrupted)), interrupted.submitter(),
                clock.instant());

        HttpResponse<String> otherSubmission = api.post("/consultations/" + id + "/opinions",
                Map.of("Idempotency-Key", "crash-1"), opinion("別人の意見", "別人", "網走市").toString());
        HttpResponse<String> retry = api.post("/consultations/" + id + "/opinions", Map.of("Idempotency-Key", "crash-1"),
                json.writeValueAsString(interrupted));

        assertThat(otherSubmission.statusCode()).isEqualTo(409);
        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(201);
        assertThat(opinions.count(id)).isEqualTo(1);
        assertThat(opinions.find(opinionId).orElseThrow().text()).isEqualTo("中断された意見");
        assertThat(vault.find(opinionId).orElseThrow().name()).isEqualTo("美幌 三郎");
    }

    @Test
    void badInputIsAProblemNamingTheFieldAndStoresNothing() {
        String id = openConsultation("5-1-2");
        String path = "/consultations/" + id + "/opinions";

        HttpResponse<String> oversize = api.post(path, Map.of(), opinion("あ".repeat(2001), "網走 花子", "網走市").toString());
        HttpResponse<String> noName = api.post(path, Map.of(), opinion("意見です", null, "網走市").toString());
        HttpResponse<String> blank = api.post(path, Map.of(), opinion(" ", "網走 花子", "網走市").toString());
        ObjectNode wrongMeasure = opinion("意見です", "網走 花子", "網走市").put("measureId", "5-2-2");
        HttpResponse<String> notThisMeasure = api.post(path, Map.of(), wrongMeasure.toString());
        ObjectNode badAge = opinion("意見です", "網走 花子", "網走市");
        ((ObjectNode) badAge.path("submitter")).put("ageGroup", "秘密");
        HttpResponse<String> unknownAgeGroup = api.post(path, Map.of(), badAge.toString());
        HttpResponse<String> unknownField = api.post(path, Map.of(), opinion("意見です", "網走 花子", "網走市")
                .put("rating", 5).toString());
        HttpResponse<String> badKey = api.post(path, Map.of("Idempotency-Key", "with space"), opinion("意見です", "網走 花子", "網走市").toString());
        HttpResponse<String> noSuchCase = api.post("/consultations/no-such-case/opinions", Map.of(),
                opinion("意見です", "網走 花子", "網走市").toString());

        assertProblem(oversize, 400, "text");
        assertThat(json(oversize).path("detail").asString()).doesNotContain("あああ");
        assertProblem(noName, 400, "submitter.name");
        assertProblem(blank, 400, "text");
        assertProblem(notThisMeasure, 400, "measureId");
        assertProblem(unknownAgeGroup, 400, "submitter.ageGroup");
        assertProblem(unknownField, 400, "rating");
        assertProblem(badKey, 400, "Idempotency-Key");
        assertThat(noSuchCase.statusCode()).isEqualTo(404);
        assertThat(opinions.count(id)).isZero();
        assertThat(mongo.getCollection("submitters").countDocuments(new org.bson.Document("consultationId", id))).isZero();
    }

    @Test
    void aConsultationThatIsNotOpenTakesNoOpinion() {
        String closed = openConsultation("5-1-3");
        closeConsultation(closed);
        String draft = json(api.staffPost("/consultations", ConsultationApi.consultation("5-1-3", today().plusDays(5),
                today().plusDays(40)))).path("id").asString();

        HttpResponse<String> toDraft = api.as(ConsultationApi::moderator).post("/consultations/" + draft + "/opinions",
                Map.of(), opinion("早すぎる意見", "網走 花子", "網走市").toString());
        HttpResponse<String> publicToDraft = api.post("/consultations/" + draft + "/opinions", Map.of(),
                opinion("早すぎる意見", "網走 花子", "網走市").toString());
        HttpResponse<String> toClosed = api.post("/consultations/" + closed + "/opinions", Map.of(),
                opinion("遅すぎる意見", "網走 花子", "網走市").toString());

        assertProblem(toDraft, 409, "status");
        assertThat(json(toDraft).path("currentStatus").asString()).isEqualTo("DRAFT");
        assertThat(publicToDraft.statusCode()).as("a draft does not exist for the public").isEqualTo(404);
        assertProblem(toClosed, 409, "status");
        assertThat(json(toClosed).path("currentStatus").asString()).isEqualTo("CLOSED");
        assertThat(opinions.count(draft) + opinions.count(closed)).isZero();
    }

    @Test
    void scriptTagsAreStoredAndReturnedAsTextAndJapaneseRoundTripsExactly() {
        String id = openConsultation("5-1-3");
        String text = "<script>alert('x')</script> 「ワークライフバランス」①〜⑳ 髙橋﨑 𠮷野家 \u3000全角スペース";

        HttpResponse<String> submitted = api.post("/consultations/" + id + "/opinions", Map.of(),
                opinion(text, "網走 花子", "網走市").toString());

        assertThat(submitted.statusCode()).isEqualTo(201);
        JsonNode listed = json(api.staffGet("/consultations/" + id + "/opinions")).get(0);
        assertThat(listed.path("text").asString()).isEqualTo(text);
        assertThat(listed.path("publicText").asString()).isEqualTo(text);
    }

    @Test
    void personalDataIsEncryptedApartFromTheOpinionAndOnlyAModeratorReadsItAudited() {
        String id = openConsultation("5-1-3");
        HttpResponse<String> submitted = api.post("/consultations/" + id + "/opinions", Map.of(),
                opinion("図書館の開館時間を延ばしてほしい", "斜里 一郎", "網走市駒場北3丁目").toString());
        assertThat(submitted.statusCode()).isEqualTo(201);
        JsonNode listed = json(api.staffGet("/consultations/" + id + "/opinions")).get(0);
        String opinionId = listed.path("id").asString();

        assertThat(listed.toString()).doesNotContain("斜里 一郎").doesNotContain("駒場北");
        String stored = mongo.getCollection("submitters").find(new org.bson.Document("_id", opinionId)).first().toJson();
        assertThat(stored).contains("sealed").doesNotContain("斜里").doesNotContain("駒場北").doesNotContain("090-1234");
        String opinionDocument = mongo.getCollection("opinions").find(new org.bson.Document("_id", opinionId)).first().toJson();
        assertThat(opinionDocument).doesNotContain("斜里").doesNotContain("駒場北").doesNotContain("090-1234");

        HttpResponse<String> anonymous = api.get("/consultations/" + id + "/opinions/" + opinionId + "/submitter");
        HttpResponse<String> moderator = api.staffGet("/consultations/" + id + "/opinions/" + opinionId + "/submitter");

        assertThat(anonymous.statusCode()).isEqualTo(403);
        assertThat(anonymous.body()).doesNotContain("斜里");
        assertThat(moderator.statusCode()).isEqualTo(200);
        assertThat(json(moderator).path("name").asString()).isEqualTo("斜里 一郎");
        assertThat(json(moderator).path("address").asString()).isEqualTo("網走市駒場北3丁目");
        assertThat(json(api.staffGet("/consultations/" + id + "/audit")).toString())
                .contains("viewed-personal-data").contains(ConsultationApi.MODERATOR).doesNotContain("斜里");
    }

    private static void assertProblem(HttpResponse<String> response, int status, String field) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(response).path("field").asString()).as(response.body()).isEqualTo(field);
    }
}
