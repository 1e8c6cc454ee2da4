package jp.renkei.consultation.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import jp.renkei.consultation.ConsultationServiceApplication;
import jp.renkei.consultation.support.ConsultationApi;
import jp.renkei.consultation.support.ConsultationServiceIntegrationTest;
import jp.renkei.contracts.events.ConsultationEventTypes;
import jp.renkei.contracts.events.Topics;
import jp.renkei.localstack.test.RenkeiInfrastructure;
import jp.renkei.localstack.test.TopicReader;
import jp.renkei.support.security.testing.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A second instance of the service on the same database, with its own scheduler and relay (and the real clock): a
 * consultation due to open is opened once and its event published once, whichever instance gets there first.
 */
class TwoInstancesIntegrationTest extends ConsultationServiceIntegrationTest {

    @Autowired
    ConsultationService consultations;

    @Test
    void twoRunningInstancesOpenADueConsultationOnceAndPublishItOnce() {
        List<String> arguments = new ArrayList<>();
        RenkeiInfrastructure.shared().springProperties(DATABASE)
                .forEach((name, value) -> arguments.add("--" + name + "=" + value));
        TestTokens.shared().springProperties().forEach((name, value) -> arguments.add("--" + name + "=" + value));
        arguments.addAll(List.of("--server.port=0", "--renkei.consultation.personal-data.key=" + KEY,
                "--renkei.consultation.schedule-interval=50ms", "--renkei.consultation.outbox.sweep-interval=100ms"));
        try (ConfigurableApplicationContext second = ConsultationServiceApplication.application()
                .run(arguments.toArray(String[]::new))) {
            ConsultationApi secondApi = new ConsultationApi(Integer.parseInt(
                    second.getEnvironment().getProperty("local.server.port")));
            // today by the real clock of the second instance: due at once for both instances
            LocalDate today = LocalDate.now(ConsultationPeriod.JAPAN);
            String id = ConsultationApi.json(secondApi.staffPost("/consultations",
                    ConsultationApi.consultation("5-1-3", today, today.plusDays(29)))).path("id").asString();

            // this test's own instance runs on the test clock, which earlier tests may have moved past the deadline
            await().atMost(Duration.ofSeconds(20)).until(() -> consultations.get(id).status() != ConsultationStatus.DRAFT);
            // a marker: abandoning (or the closing that the moved test clock may have done first) is a conditional
            // write on the case's state, so no opening can be stored after it, and it is announced through the same
            // outbox after any opening that was
            if (consultations.get(id).status() == ConsultationStatus.OPEN) {
                consultations.abandon(id, "marker: nothing of the race happens after this", "test");
            }

            assertThat(consultations.audit(id)).filteredOn(entry -> entry.action().equals("opened")).hasSize(1);
            try (TopicReader topic = new TopicReader(Topics.CONSULTATION_EVENTS)) {
                List<String> after = List.of(ConsultationEventTypes.ABANDONED, ConsultationEventTypes.CLOSED);
                List<TopicReader.Record> seen = await().atMost(Duration.ofSeconds(30)).until(() -> topic.withKey(id),
                        records -> records.stream().anyMatch(record -> after.contains(record.type())));
                assertThat(seen).extracting(TopicReader.Record::type)
                        .filteredOn(ConsultationEventTypes.OPENED::equals).hasSize(1);
                assertThat(seen.get(0).type()).isEqualTo(ConsultationEventTypes.OPENED);
            }
        }
    }
}
