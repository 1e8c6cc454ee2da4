package jp.renkei.consultation.participation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jp.renkei.consultation.cases.AuditEntry;
import jp.renkei.consultation.hearing.HearingChannel;
import jp.renkei.consultation.hearing.HearingRecord;
import jp.renkei.consultation.hearing.HearingService;
import jp.renkei.consultation.hearing.HearingStatus;
import jp.renkei.consultation.support.ConsultationApi;
import jp.renkei.consultation.support.ConsultationServiceIntegrationTest;
import jp.renkei.consultation.support.EventSchemas;
import jp.renkei.contracts.events.ConsultationEventTypes;
import jp.renkei.contracts.events.Topics;
import jp.renkei.localstack.test.TopicReader;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Opinions and hearing records counted per measure and fiscal year, published as
 * {@code participation-tallied} events through the outbox: each counted once, whatever is retried or interrupted.
 */
class ParticipationIntegrationTest extends ConsultationServiceIntegrationTest {

    private static final String MEASURE = "5-1-1";

    @Autowired
    private ParticipationService participation;
    @Autowired
    private ParticipationStore tallies;
    @Autowired
    private MongoTemplate mongo;

    @Test
    void anOpinionRetriedWithItsKeyAndAHearingRecordEachCountOnceAndTheCountIsPublished() {
        int year = Contribution.fiscalYearOf(today());
        Tally before = tally(year);
        Tally lastYearBefore = tally(year - 1);
        String consultation = openConsultation(MEASURE);
        String opinion = ConsultationApi.opinion("男女共同参画の講座を夜にも開いてください", "網走 花子", "網走市")
                .toString();
        Map<String, String> key = Map.of("Idempotency-Key", "participation-" + UUID.randomUUID());

        HttpResponse<String> first = api.post("/consultations/" + consultation + "/opinions", key, opinion);
        HttpResponse<String> retried = api.post("/consultations/" + consultation + "/opinions", key, opinion);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        assertThat(retried.statusCode()).as(retried.body()).isIn(200, 201);
        HttpResponse<String> heard = api.staffPost("/hearings", ConsultationApi.hearing("MAYOR_LETTER", today(),
                MEASURE));
        assertThat(heard.statusCode()).as(heard.body()).isEqualTo(201);
        api.staffPost("/hearings", ConsultationApi.hearing("SURVEY", LocalDate.of(year - 1, 6, 1), MEASURE));

        Tally after = tally(year);
        assertThat(after.opinions()).isEqualTo(before.opinions() + 1);
        assertThat(after.hearingRecords()).isEqualTo(before.hearingRecords() + 1);
        assertThat(after.reservations()).isEmpty();
        assertThat(tally(year - 1).hearingRecords()).isEqualTo(lastYearBefore.hearingRecords() + 1);

        try (TopicReader topic = new TopicReader(Topics.CONSULTATION_EVENTS)) {
            String subject = "measures/" + MEASURE + "/participation/" + year;
            List<TopicReader.Record> tallied = await().atMost(Duration.ofSeconds(30)).until(() -> topic.withKey(MEASURE)
                    .stream().filter(event -> subject.equals(event.headers().get("ce_subject"))).toList(),
                    events -> !events.isEmpty() && events.get(events.size() - 1).sequence() == after.version());
            TopicReader.Record latest = tallied.get(tallied.size() - 1);
            assertThat(latest.type()).isEqualTo(ConsultationEventTypes.PARTICIPATION_TALLIED);
            assertThat(latest.headers()).containsEntry("ce_source", "/municipalities/abashiri/participation")
                    .containsKey("ce_id");
            JsonNode data = ConsultationApi.JSON.readTree(latest.value());
            assertThat(data.path("opinionCount").asLong()).isEqualTo(after.opinions());
            assertThat(data.path("hearingRecordCount").asLong()).isEqualTo(after.hearingRecords());
            assertThat(data.path("fiscalYear").asInt()).isEqualTo(year);
            assertThat(data.path("tallyVersion").asLong()).isEqualTo(after.version());
            assertThat(data.path("goalNumber").asInt()).isEqualTo(5);
            assertThat(data.path("measureIds").toString()).isEqualTo("[\"" + MEASURE + "\"]");
            assertThat(tallied).extracting(TopicReader.Record::sequence).isSorted();
            EventSchemas.assertValid(tallied);
        }
    }

    @Test
    void aRecordStoredByARequestThatDiedBeforeCountingIsCountedByTheSweepAndOneNeverStoredIsDropped() {
        int year = Contribution.fiscalYearOf(today());
        Tally before = tally(year);
        Contribution stored = Contribution.hearingRecord(UUID.randomUUID().toString(), ConsultationApi.PLAN,
                List.of(MEASURE), today());
        Contribution neverStored = Contribution.hearingRecord(UUID.randomUUID().toString(), ConsultationApi.PLAN,
                List.of(MEASURE), today());
        participation.reserve(stored);
        participation.reserve(neverStored);
        mongo.insert(record(stored.documentId()), HearingService.COLLECTION); // and then the process died

        participation.settle();
        assertThat(tally(year).hearingRecords()).isEqualTo(before.hearingRecords() + 1);
        assertThat(tally(year).reserved(neverStored.key())).as("a request may still be storing it").isTrue();

        clock.advance(Duration.ofMinutes(11));
        participation.settle();
        participation.count(stored);
        assertThat(tally(year).hearingRecords()).isEqualTo(before.hearingRecords() + 1);
        assertThat(tally(year).reservations()).isEmpty();
    }

    private Tally tally(int year) {
        return tallies.find(Tally.id(ConsultationApi.PLAN, MEASURE, year)).orElse(new Tally(null, null, null, year, 0, 0,
                0, List.of(), List.of(), null));
    }

    private HearingRecord record(String id) {
        Instant now = clock.instant();
        return new HearingRecord(id, HearingChannel.RESIDENTS_MEETING, today(), "住民会議の記録", List.of("人権"),
                ConsultationApi.PLAN, List.of(MEASURE), null, HearingStatus.RECEIVED, null, false, 1, now, "moderator",
                List.of(new AuditEntry(now, "moderator", "received", id, null)));
    }
}
