package jp.renkei.consultation.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import jp.renkei.consultation.cases.ConsultationService;
import jp.renkei.consultation.support.ConsultationApi;
import jp.renkei.consultation.support.ConsultationServiceIntegrationTest;
import jp.renkei.contracts.events.PlanEventTypes;
import jp.renkei.contracts.events.Topics;
import jp.renkei.localstack.test.RenkeiInfrastructure;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A revision of a targeted measure, arriving on renkei.plan.events while the consultation is open, flags it. */
class PlanLinkIntegrationTest extends ConsultationServiceIntegrationTest {

    @Autowired
    ConsultationService consultations;

    @Test
    void aRevisionDuringAnOpenConsultationFlagsItOnceEvenWhenRedelivered() throws Exception {
        String measureId = "flag-" + UUID.randomUUID().toString().substring(0, 8);
        catalog.apply(new CatalogMeasure(ConsultationApi.PLAN + "/" + measureId, ConsultationApi.PLAN, 5, "5-2",
                measureId, "試験", java.util.List.of(), "ADOPTED", 1, "seed", PlanEventTypes.MEASURE_CREATED, Instant.EPOCH));
        String open = openConsultation(measureId);
        String untouched = openConsultation("5-1-2");
        String eventId = UUID.randomUUID().toString();

        // the same event twice, then a marker: the next revision, with the same key, so in the same partition after
        // both copies; once it is applied, both copies have been handled
        String marker = UUID.randomUUID().toString();
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            producer.send(revised(measureId, 2, eventId)).get();
            producer.send(revised(measureId, 2, eventId)).get();
            producer.send(revised(measureId, 3, marker)).get();
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> consultations.get(open).revisionFlags().stream()
                .anyMatch(flag -> flag.eventId().equals(marker)));
        assertThat(consultations.get(open).revisionFlags()).satisfiesExactly(flag -> {
            assertThat(flag.measureId()).isEqualTo(measureId);
            assertThat(flag.revisedToVersion()).isEqualTo(2);
            assertThat(flag.eventId()).isEqualTo(eventId);
        }, flag -> assertThat(flag.eventId()).isEqualTo(marker));
        assertThat(ConsultationApi.json(api.get("/consultations/" + open)).path("revisionFlags").get(0)
                .path("revisedToVersion").asLong()).isEqualTo(2);
        assertThat(consultations.get(untouched).revisionFlags()).isEmpty();
        assertThat(catalog.find(ConsultationApi.PLAN, measureId).orElseThrow().version()).isEqualTo(3);
        assertThat(catalog.find(ConsultationApi.PLAN, measureId).orElseThrow().areaId()).isEqualTo("5-2");

        // staff decide to give citizens more time on the revised text
        java.time.LocalDate later = java.time.LocalDate.parse(ConsultationApi.json(api.get("/consultations/" + open))
                .path("deadline").asString()).plusDays(14);
        var extended = api.staffPost("/consultations/" + open + "/deadline", ConsultationApi.JSON.createObjectNode()
                .put("deadline", later.toString()).put("reason", "改定後の案についても意見を募るため"));
        assertThat(extended.statusCode()).as(extended.body()).isEqualTo(200);
        assertThat(ConsultationApi.json(extended).path("periodDays").asLong()).isEqualTo(44);
        var shorter = api.staffPost("/consultations/" + open + "/deadline", ConsultationApi.JSON.createObjectNode()
                .put("deadline", later.minusDays(1).toString()).put("reason", "短縮"));
        assertThat(shorter.statusCode()).isEqualTo(400);
        assertThat(ConsultationApi.json(shorter).path("field").asString()).isEqualTo("deadline");
    }

    private static ProducerRecord<byte[], byte[]> revised(String measureId, long version, String eventId) {
        String data = "{\"planId\":\"" + ConsultationApi.PLAN + "\",\"measureId\":\"" + measureId + "\",\"version\":"
                + version + ",\"measure\":{\"planId\":\"" + ConsultationApi.PLAN + "\",\"measureId\":\"" + measureId
                + "\",\"goalNumber\":5,\"areaId\":\"5-2\",\"title\":\"試験（改定）\",\"tags\":[],\"status\":\"ADOPTED\",\"version\":" + version + "}}";
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(Topics.PLAN_EVENTS,
                measureId.getBytes(StandardCharsets.UTF_8), data.getBytes(StandardCharsets.UTF_8));
        Map.of("ce_id", eventId, "ce_source", "/municipalities/abashiri/plans/" + ConsultationApi.PLAN,
                        "ce_specversion", "1.0", "ce_type", PlanEventTypes.MEASURE_REVISED,
                        "ce_subject", "measures/" + measureId, "ce_time", Instant.now().toString(),
                        "content-type", "application/json")
                .forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        return record;
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, RenkeiInfrastructure.shared().bootstrapServers());
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
