package jp.renkei.plan.web;

import static jp.renkei.plan.support.PlanApi.JSON;
import static jp.renkei.plan.support.PlanApi.PLAN;
import static jp.renkei.plan.support.PlanApi.editable;
import static jp.renkei.plan.support.PlanApi.etag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import jp.renkei.contracts.events.PlanEventTypes;
import jp.renkei.contracts.events.Topics;
import jp.renkei.localstack.test.RenkeiInfrastructure;
import jp.renkei.localstack.test.RenkeiInfrastructureExtension;
import jp.renkei.localstack.test.TopicReader;
import jp.renkei.plan.support.PlanApi;
import jp.renkei.support.security.testing.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The seeded joint plan of 網走市 and 大空町 (issue #14): a co-owner's key edits its measures and approves exact
 * versions, a revision drops the approvals, adoption waits for every co-owner, and a partner that does not co-own the
 * plan changes nothing.
 */
@ExtendWith(RenkeiInfrastructureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        useMainMethod = SpringBootTest.UseMainMethod.ALWAYS)
class JointPlanIntegrationTest {

    private static final String VISION = "/plans/abashiri-ozora-settlement-vision";
    private static final TestTokens TOKENS = TestTokens.shared();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        RenkeiInfrastructure.shared().springProperties("plan-" + UUID.randomUUID())
                .forEach((name, value) -> registry.add(name, () -> value));
        TOKENS.springProperties().forEach((name, value) -> registry.add(name, () -> value));
    }

    @Test
    void bothPlansAreListedTheJointOneWithItsCoOwnerAndItsMeasuresAsDrafts() {
        JsonNode plans = JSON.readTree(as(TOKENS.anonymous()).get("/plans").body());
        assertThat(plans.findValuesAsString("planId"))
                .containsExactlyInAnyOrder("abashiri-comprehensive-plan", "abashiri-ozora-settlement-vision");
        JsonNode vision = JSON.readTree(as(TOKENS.anonymous()).get(VISION).body());
        assertThat(vision.path("municipalityId").asString()).isEqualTo("abashiri");
        assertThat(vision.path("coOwners").toString()).isEqualTo("[{\"municipalityId\":\"ozora\",\"name\":\"大空町\"}]");
        assertThat(vision.findValuesAsString("measureId"))
                .containsExactlyInAnyOrder("sv-medical", "sv-welfare", "sv-education", "sv-transit");
        assertThat(JSON.readTree(as(TOKENS.anonymous()).get(VISION + "/measures/sv-education").body()).path("status")
                .asString()).as("a seed cannot give a co-owner's approval").isEqualTo("DRAFT");
        assertThat(JSON.readTree(as(TOKENS.anonymous()).get(PLAN + "/measures/5-2-2").body()).path("status")
                .asString()).as("a plan with one owner is still imported as adopted").isEqualTo("ADOPTED");
    }

    @Test
    void aCoOwnerEditsApprovalsResetAndAdoptionWaitsForTheCoOwner() {
        String measure = VISION + "/measures/sv-medical";
        PlanApi ozora = as(TOKENS.partner("ozora"));
        PlanApi abashiri = as(TOKENS.token("企画課 山田", "PLAN_EDITOR"));

        HttpResponse<String> read = ozora.get(measure);
        HttpResponse<String> byOzora = ozora.put(measure, etag(read),
                editable(read.body()).put("basicPolicy", "【例示】大空町が書き加えた方針です。"));
        assertThat(byOzora.statusCode()).as(byOzora.body()).isEqualTo(200);
        assertThat(etag(byOzora)).isEqualTo("\"2\"");
        HttpResponse<String> byAbashiri = abashiri.put(measure, etag(byOzora),
                editable(byOzora.body()).put("title", "医療（例示・改）"));
        HttpResponse<String> inConsultation = abashiri.post(measure + "/status", etag(byAbashiri),
                JSON.createObjectNode().put("status", "IN_CONSULTATION"));
        assertThat(etag(inConsultation)).isEqualTo("\"4\"");

        HttpResponse<String> unapproved = abashiri.post(measure + "/status", "\"4\"", adopt());
        assertThat(unapproved.statusCode()).isEqualTo(409);
        assertThat(unapproved.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        assertThat(JSON.readTree(unapproved.body()).path("missingApprovals").toString())
                .isEqualTo("[{\"municipalityId\":\"ozora\",\"name\":\"大空町\"}]");

        HttpResponse<String> approved = ozora.post(measure + "/approvals", null, approval(4));
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        assertThat(etag(approved)).isEqualTo("\"5\"");
        assertThat(JSON.readTree(approved.body()).path("approvals").findValuesAsString("municipalityId"))
                .containsExactly("ozora");
        assertThat(ozora.post(measure + "/approvals", null, approval(4)).statusCode())
                .as("a retried approval changes nothing").isEqualTo(200);
        assertThat(etag(ozora.get(measure))).isEqualTo("\"5\"");

        HttpResponse<String> revisedAgain = abashiri.put(measure, "\"5\"",
                editable(approved.body()).put("basicPolicy", "【例示】網走市が改めた方針です。"));
        assertThat(JSON.readTree(revisedAgain.body()).path("approvals").isEmpty()).isTrue();
        assertThat(abashiri.post(measure + "/status", etag(revisedAgain), adopt()).statusCode())
                .as("the approval was of the version before the revision").isEqualTo(409);

        HttpResponse<String> stale = ozora.post(measure + "/approvals", null, approval(5));
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(stale.body()).path("currentVersion").asLong()).isEqualTo(6);
        assertThat(JSON.readTree(stale.body()).path("field").asString()).isEqualTo("version");
        assertThat(etag(ozora.get(measure))).as("nothing stored on the stale approval").isEqualTo("\"6\"");

        HttpResponse<String> approvedAgain = ozora.post(measure + "/approvals", null, approval(6));
        HttpResponse<String> adopted = abashiri.post(measure + "/status", etag(approvedAgain), adopt());
        assertThat(adopted.statusCode()).as(adopted.body()).isEqualTo(200);
        assertThat(JSON.readTree(adopted.body()).path("status").asString()).isEqualTo("ADOPTED");

        HttpResponse<String> afterAdoption = ozora.put(measure, etag(adopted), editable(adopted.body()));
        assertThat(afterAdoption.statusCode()).as("an adopted joint measure changes only in consultation")
                .isEqualTo(409);
        assertThat(JSON.readTree(afterAdoption.body()).path("currentStatus").asString()).isEqualTo("ADOPTED");

        JsonNode history = await().atMost(Duration.ofSeconds(30)).until(
                () -> JSON.readTree(abashiri.get(measure + "/revisions").body()), revisions -> revisions.size() == 8);
        assertThat(history.get(1).path("editedBy").toString())
                .isEqualTo("{\"municipalityId\":\"ozora\",\"name\":\"大空町\"}");
        assertThat(history.get(1).path("editor").asString()).isEqualTo("ozora-staff");
        assertThat(history.get(2).path("editedBy").path("name").asString()).isEqualTo("網走市");
        assertThat(history.get(4).path("eventType").asString()).isEqualTo(PlanEventTypes.MEASURE_APPROVED);
        assertThat(history.get(4).path("approvedBy").path("name").asString()).isEqualTo("大空町");
        assertThat(history.get(4).path("approvedVersion").asLong()).isEqualTo(4);
        assertThat(history.get(6).path("approvedVersion").asLong()).isEqualTo(6);
        assertThat(history.get(7).path("status").asString()).isEqualTo("ADOPTED");
        assertThat(history.get(7).path("editedBy").path("municipalityId").asString()).isEqualTo("abashiri");

        assertEventsValidate(List.of(history.get(1).path("eventId").asString(),
                history.get(4).path("eventId").asString(), history.get(7).path("eventId").asString()));
    }

    @Test
    void aPartnerThatDoesNotCoOwnThePlanAndTheCitysStaffAsApproverChangeNothing() {
        String measure = VISION + "/measures/sv-welfare";
        HttpResponse<String> read = as(TOKENS.anonymous()).get(measure);
        PlanApi council = as(TOKENS.partner("okhotsk-council"));

        assertNotCoOwner(council.put(measure, etag(read), editable(read.body()).put("title", "改ざん")));
        assertNotCoOwner(council.send("PATCH", measure, etag(read), "application/merge-patch+json",
                "{\"title\":\"改ざん\"}"));
        assertNotCoOwner(council.post(measure + "/approvals", null, approval(1)));
        HttpResponse<String> comprehensive = as(TOKENS.anonymous()).get(PLAN + "/measures/5-2-2");
        assertNotCoOwner(as(TOKENS.partner("ozora")).put(PLAN + "/measures/5-2-2", etag(comprehensive),
                editable(comprehensive.body())));
        assertThat(council.post(measure + "/status", etag(read), adopt()).statusCode())
                .as("a partner takes no lifecycle step").isEqualTo(403);
        assertThat(as(TOKENS.editor()).post(measure + "/approvals", null, approval(1)).statusCode())
                .as("the owner approves by adopting").isEqualTo(403);

        assertThat(etag(as(TOKENS.anonymous()).get(measure))).isEqualTo(etag(read));
        assertThat(etag(as(TOKENS.anonymous()).get(PLAN + "/measures/5-2-2"))).isEqualTo(etag(comprehensive));
    }

    @Test
    void badApprovalsAre400NamingTheFieldAndApprovingAnAdoptedOrUnknownMeasureIsRefused() {
        PlanApi ozora = as(TOKENS.partner("ozora"));
        String measure = VISION + "/measures/sv-transit";
        HttpResponse<String> noVersion = ozora.post(measure + "/approvals", null, JSON.createObjectNode());
        assertThat(noVersion.statusCode()).isEqualTo(400);
        assertThat(noVersion.body()).contains("version");
        ObjectNode longComment = approval(1).put("comment", "長".repeat(2001));
        HttpResponse<String> tooLong = ozora.post(measure + "/approvals", null, longComment);
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(tooLong.body()).contains("comment");
        assertThat(ozora.post(VISION + "/measures/sv-none/approvals", null, approval(1)).statusCode()).isEqualTo(404);
        HttpResponse<String> draft = ozora.post(measure + "/approvals", null, approval(1));
        assertThat(draft.statusCode()).as("a draft may be approved: %s", draft.body()).isEqualTo(200);
        assertThat(etag(ozora.get(measure))).isEqualTo("\"2\"");
    }

    private void assertEventsValidate(List<String> eventIds) {
        JsonSchemaFactory schemas = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        com.fasterxml.jackson.databind.ObjectMapper jackson2 = new com.fasterxml.jackson.databind.ObjectMapper();
        try (TopicReader topic = new TopicReader(Topics.PLAN_EVENTS)) {
            List<TopicReader.Record> events = await().atMost(Duration.ofSeconds(30)).until(
                    () -> topic.poll(event -> eventIds.contains(event.headers().get("ce_id"))),
                    seen -> seen.size() == eventIds.size());
            for (TopicReader.Record event : events) {
                assertThat(event.headers().get("ce_source"))
                        .isEqualTo("/municipalities/abashiri/plans/abashiri-ozora-settlement-vision");
                assertThat(schemas.getSchema(SchemaLocation.of("classpath:schemas/plan/" + event.type() + ".json"))
                        .validate(jackson2.readTree(event.value()))).as(event.type()).isEmpty();
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertNotCoOwner(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        assertThat(response.body()).contains("co-own");
    }

    private static ObjectNode approval(long version) {
        return JSON.createObjectNode().put("version", version).put("comment", "大空町として承認します");
    }

    private static ObjectNode adopt() {
        return JSON.createObjectNode().put("status", "ADOPTED").put("reason", "両市町の合意");
    }

    private PlanApi as(String token) {
        return new PlanApi(port, token);
    }
}
