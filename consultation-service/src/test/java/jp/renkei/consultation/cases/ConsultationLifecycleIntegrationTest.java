package jp.renkei.consultation.cases;

import static jp.renkei.consultation.support.ConsultationApi.consultation;
import static jp.renkei.consultation.support.ConsultationApi.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import jp.renkei.consultation.support.ConsultationApi;
import jp.renkei.consultation.support.ConsultationServiceIntegrationTest;
import jp.renkei.consultation.support.EventSchemas;
import jp.renkei.contracts.events.ConsultationEventTypes;
import jp.renkei.contracts.events.Topics;
import jp.renkei.localstack.test.TopicReader;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Creating consultations, the 30-day rule, opening and closing on time, abandoning, and the events of each step. */
class ConsultationLifecycleIntegrationTest extends ConsultationServiceIntegrationTest {

    @Autowired
    ConsultationService consultations;

    @Test
    void aPeriodBelowThirtyDaysIsRefusedWithoutAReasonAndNothingIsStored() {
        LocalDate publication = today().plusDays(1);
        int before = consultations.list(null).size();

        HttpResponse<String> twentyNineDays = api.staffPost("/consultations",
                consultation("5-1-3", publication, publication.plusDays(28)));

        assertThat(twentyNineDays.statusCode()).isEqualTo(400);
        assertThat(twentyNineDays.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(twentyNineDays).path("field").asString()).isEqualTo("deadline");
        assertThat(consultations.list(null)).hasSize(before);

        HttpResponse<String> thirtyDays = api.staffPost("/consultations",
                consultation("5-1-3", publication, publication.plusDays(29)));
        assertThat(thirtyDays.statusCode()).isEqualTo(201);
        assertThat(json(thirtyDays).path("periodDays").asLong()).isEqualTo(30);
        assertThat(json(thirtyDays).path("status").asString()).isEqualTo("DRAFT");
        assertThat(json(thirtyDays).path("caseNumber").asString()).matches("PC-\\d{4}-\\d{3}");
    }

    @Test
    void aShorterPeriodIsAcceptedWithAStatedReason() {
        LocalDate publication = today().plusDays(1);
        ObjectNode body = consultation("5-1-3", publication, publication.plusDays(13))
                .put("shortenedPeriodReason", "法改正の施行日に間に合わせるため（行政手続法第40条第1項）");

        HttpResponse<String> created = api.staffPost("/consultations", body);

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(json(created).path("periodDays").asLong()).isEqualTo(14);
        assertThat(json(created).path("shortenedPeriodReason").asString()).startsWith("法改正の施行日");
    }

    @Test
    void anUnknownMeasureOrVersionIsRefusedAndNothingIsStored() {
        LocalDate publication = today().plusDays(1);
        int before = consultations.list(null).size();

        HttpResponse<String> unknown = api.staffPost("/consultations",
                consultation("9-9-9", publication, publication.plusDays(30)));
        ObjectNode futureVersion = consultation("5-1-3", publication, publication.plusDays(30));
        ((ObjectNode) futureVersion.path("targets").get(0)).put("measureVersion", 99);
        HttpResponse<String> noSuchVersion = api.staffPost("/consultations", futureVersion);
        HttpResponse<String> citizen = api.post("/consultations", Map.of(),
                consultation("5-1-3", publication, publication.plusDays(30)).toString());

        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(json(unknown).path("field").asString()).isEqualTo("targets[0].measureId");
        assertThat(noSuchVersion.statusCode()).isEqualTo(400);
        assertThat(json(noSuchVersion).path("field").asString()).isEqualTo("targets[0].measureVersion");
        assertThat(citizen.statusCode()).isEqualTo(403);
        assertThat(consultations.list(null)).hasSize(before);
    }

    @Test
    void itOpensAndClosesOnTimeByTheClockAndEachStepIsAnEventForRouting() {
        LocalDate publication = today().plusDays(2);
        String id = json(api.staffPost("/consultations", consultation("5-1-3", publication, publication.plusDays(29))))
                .path("id").asString();

        clock.advanceTo(ConsultationPeriod.opensAt(publication).minusSeconds(1));
        consultations.openDue();
        assertThat(status(id)).isEqualTo("DRAFT");

        clock.advanceTo(ConsultationPeriod.opensAt(publication));
        await().atMost(Duration.ofSeconds(20)).until(() -> status(id).equals("OPEN"));

        clock.advanceTo(ConsultationPeriod.closesAt(publication.plusDays(29)).minusSeconds(1));
        consultations.closeDue();
        assertThat(status(id)).isEqualTo("OPEN");

        clock.advanceTo(ConsultationPeriod.closesAt(publication.plusDays(29)));
        await().atMost(Duration.ofSeconds(20)).until(() -> status(id).equals("CLOSED"));

        try (TopicReader topic = new TopicReader(Topics.CONSULTATION_EVENTS)) {
            List<TopicReader.Record> events = await().atMost(Duration.ofSeconds(30))
                    .until(() -> topic.withKey(id), seen -> seen.size() >= 2);
            assertThat(events).extracting(TopicReader.Record::type)
                    .containsExactly(ConsultationEventTypes.OPENED, ConsultationEventTypes.CLOSED);
            TopicReader.Record opened = events.get(0);
            assertThat(opened.headers()).containsEntry("ce_subject", "consultations/" + id)
                    .containsEntry("ce_source", "/municipalities/abashiri/consultations")
                    .containsEntry("ce_specversion", "1.0").containsEntry("content-type", "application/json")
                    .containsKey("ce_id").containsKey("ce_time").containsEntry("ce_sequence", "2");
            JsonNode data = ConsultationApi.JSON.readTree(opened.value());
            assertThat(data.path("planId").asString()).isEqualTo(ConsultationApi.PLAN);
            assertThat(data.path("goalNumber").asInt()).isEqualTo(5);
            assertThat(data.path("areaId").asString()).isEqualTo("5-1");
            assertThat(data.path("measureIds").toString()).isEqualTo("[\"5-1-3\"]");
            assertThat(data.path("tags").toString()).contains("measure-5-1-3");
            assertThat(data.path("title").asString()).isEqualTo("第6次総合計画 情報施策の見直し（案）");
            JsonNode closed = ConsultationApi.JSON.readTree(events.get(1).value());
            assertThat(closed.path("opinionCount").asLong()).isZero();
            EventSchemas.assertValid(events);
        }
    }

    @Test
    void aCaseTheServiceWasDownForOpensAndClosesOnTheNextTickInOrder() {
        LocalDate publication = today().plusDays(1);
        String id = json(api.staffPost("/consultations", consultation("5-2-2", publication, publication.plusDays(29))))
                .path("id").asString();

        clock.advanceTo(ConsultationPeriod.closesAt(publication.plusDays(29)).plusSeconds(3600));

        await().atMost(Duration.ofSeconds(20)).until(() -> status(id).equals("CLOSED"));
        try (TopicReader topic = new TopicReader(Topics.CONSULTATION_EVENTS)) {
            assertThat(await().atMost(Duration.ofSeconds(30)).until(() -> topic.withKey(id), seen -> seen.size() >= 2))
                    .extracting(TopicReader.Record::type)
                    .containsExactly(ConsultationEventTypes.OPENED, ConsultationEventTypes.CLOSED);
        }
    }

    @Test
    void twoSchedulersRacingOpenACaseOnce() {
        LocalDate publication = today().plusDays(3);
        String id = json(api.staffPost("/consultations", consultation("5-1-1", publication, publication.plusDays(40))))
                .path("id").asString();
        clock.advanceTo(ConsultationPeriod.opensAt(publication));

        // as two instances would: each reads the due case and tries to open it at the same moment
        List<CompletableFuture<Integer>> instances = IntStream.range(0, 4)
                .mapToObj(instance -> CompletableFuture.supplyAsync(consultations::openDue)).toList();
        instances.forEach(CompletableFuture::join);

        await().atMost(Duration.ofSeconds(20)).until(() -> status(id).equals("OPEN"));
        assertThat(consultations.audit(id)).filteredOn(entry -> entry.action().equals("opened")).hasSize(1);
        // a marker: abandoning the case is announced through the same outbox, after any opening that was stored
        consultations.abandon(id, "marker: nothing of the race is published after this", "test");
        try (TopicReader topic = new TopicReader(Topics.CONSULTATION_EVENTS)) {
            assertThat(await().atMost(Duration.ofSeconds(30)).until(() -> topic.withKey(id), seen -> seen.stream()
                    .anyMatch(record -> record.type().equals(ConsultationEventTypes.ABANDONED))))
                    .extracting(TopicReader.Record::type)
                    .containsExactly(ConsultationEventTypes.OPENED, ConsultationEventTypes.ABANDONED);
        }
    }

    @Test
    void aCaseWhosePublicationDayHasComeIsOpenAsItIsCreatedAndTakesAnOpinionAtOnce() {
        HttpResponse<String> created = api.staffPost("/consultations",
                consultation("5-1-3", today(), today().plusDays(29)));

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(json(created).path("status").asString()).isEqualTo("OPEN");
        String id = json(created).path("id").asString();
        HttpResponse<String> opinion = api.post("/consultations/" + id + "/opinions", Map.of("Idempotency-Key", id),
                ConsultationApi.opinion("開設と同時に意見を出せることを確認します。", "網走 花子", "網走市").toString());
        assertThat(opinion.statusCode()).isBetween(200, 299);
        assertThat(consultations.audit(id)).filteredOn(entry -> entry.action().equals("opened")).hasSize(1);
    }

    @Test
    void abandoningIsFinalAndOnlyACaseThePublicSawIsAnnounced() {
        LocalDate publication = today().plusDays(1);
        String draft = json(api.staffPost("/consultations", consultation("5-2-1", publication, publication.plusDays(29))))
                .path("id").asString();

        HttpResponse<String> abandoned = api.staffPost("/consultations/" + draft + "/abandon",
                ConsultationApi.JSON.createObjectNode().put("reason", "上位計画の見直しにより案を撤回します"));
        HttpResponse<String> again = api.staffPost("/consultations/" + draft + "/abandon",
                ConsultationApi.JSON.createObjectNode().put("reason", "再度"));
        HttpResponse<String> noReason = api.staffPost("/consultations/" + draft + "/abandon",
                ConsultationApi.JSON.createObjectNode());

        assertThat(abandoned.statusCode()).isEqualTo(200);
        assertThat(json(abandoned).path("abandonment").path("reason").asString()).isEqualTo("上位計画の見直しにより案を撤回します");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(json(again).path("currentStatus").asString()).isEqualTo("ABANDONED");
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(json(noReason).path("field").asString()).isEqualTo("reason");
        assertThat(consultations.audit(draft)).filteredOn(entry -> entry.action().equals("abandoned")).hasSize(1);

        // a case the public saw, abandoned after the draft: its announcement is the marker that the draft's would be out
        String open = openConsultation("5-1-1");
        assertThat(api.staffPost("/consultations/" + open + "/abandon",
                ConsultationApi.JSON.createObjectNode().put("reason", "事業の中止により撤回します")).statusCode()).isEqualTo(200);
        try (TopicReader topic = new TopicReader(Topics.CONSULTATION_EVENTS)) {
            List<TopicReader.Record> events = await().atMost(Duration.ofSeconds(30))
                    .until(() -> topic.withKey(open), seen -> seen.size() >= 2);
            assertThat(events).extracting(TopicReader.Record::type)
                    .containsExactly(ConsultationEventTypes.OPENED, ConsultationEventTypes.ABANDONED);
            assertThat(events.get(1).value()).contains("事業の中止により撤回します").contains("\"previousStatus\":\"OPEN\"");
            EventSchemas.assertValid(events);
            assertThat(topic.withKey(draft)).isEmpty();
        }
    }

    private String status(String id) {
        return json(api.staffGet("/consultations/" + id)).path("status").asString();
    }
}
