package jp.renkei.messaging.consume;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jp.renkei.contracts.consultation.ParticipationTallied;
import jp.renkei.contracts.events.CloudEvent;
import jp.renkei.contracts.events.PlanEventTypes;
import jp.renkei.contracts.plan.MeasureSnapshot;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import tools.jackson.databind.json.JsonMapper;

class EventDecoderTest {

    private static final String SNAPSHOT = "{\"municipalityId\":\"abashiri\",\"planId\":\"p\",\"goalNumber\":5,"
            + "\"areaId\":\"5-2\",\"measureId\":\"5-2-2\",\"number\":\"②\",\"title\":\"広域連携\",\"currentSituation\":[],"
            + "\"basicPolicy\":\"大空町と１２３\",\"initiatives\":[],\"relatedPlans\":[],\"glossary\":[],"
            + "\"tags\":[\"広域\"],\"status\":\"ADOPTED\",\"version\":7,\"addedLater\":true}";
    private static final CloudEvent REVISED = new CloudEvent("e-1", "/municipalities/abashiri/plans/p",
            PlanEventTypes.MEASURE_REVISED, "measures/5-2-2", Instant.parse("2026-12-06T03:00:00Z"), "7", "5-2-2",
            ("{\"measureId\":\"5-2-2\",\"measure\":" + SNAPSHOT + "}").getBytes(StandardCharsets.UTF_8));

    private final EventDecoder decoder = new EventDecoder(JsonMapper.builder().build());

    @Test
    void readsBinaryModeWithHeadersAsBytes() {
        Map<String, Object> headers = new HashMap<>();
        REVISED.kafkaHeaders().forEach((name, value) -> headers.put(name, value.getBytes(StandardCharsets.UTF_8)));

        assertThat(decoder.event(headers, REVISED.data())).contains(REVISED);
    }

    @Test
    void readsStructuredMode() {
        Message<byte[]> structured = MessageBuilder.withPayload(REVISED.toStructuredJson())
                .setHeader("content-type", "application/cloudevents+json; charset=UTF-8".getBytes(StandardCharsets.UTF_8))
                .build();

        assertThat(decoder.event(structured)).contains(REVISED);
    }

    @Test
    void skipsRecordsThatAreNoCloudEvent() {
        assertThat(decoder.event(Map.of(), "{}".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(decoder.event(Map.of("content-type", "application/cloudevents+json"),
                "not json".getBytes(StandardCharsets.UTF_8))).isEmpty();
        Map<String, String> badTime = new HashMap<>(REVISED.kafkaHeaders());
        badTime.put("ce_time", "yesterday");
        assertThat(decoder.event(badTime, REVISED.data())).isEmpty();
    }

    @Test
    void readsABatchInRecordOrderLeavingOutWhatIsNoCloudEvent() {
        Message<List<byte[]>> batch = MessageBuilder.withPayload(List.of(REVISED.data(), new byte[0], REVISED.data()))
                .setHeader(KafkaHeaders.BATCH_CONVERTED_HEADERS, List.of(REVISED.kafkaHeaders(), Map.of(),
                        REVISED.kafkaHeaders()))
                .build();

        assertThat(decoder.events(batch)).containsExactly(REVISED, REVISED);
    }

    @Test
    void readsTheDataIntoTheContractsRecordsIgnoringFieldsItDoesNotKnow() {
        MeasureSnapshot measure = decoder.dataField(REVISED, "measure", MeasureSnapshot.class).orElseThrow();

        assertThat(measure.measureId()).isEqualTo("5-2-2");
        assertThat(measure.title()).isEqualTo("広域連携");
        assertThat(measure.basicPolicy()).isEqualTo("大空町と１２３");
        assertThat(measure.tags()).containsExactly("広域");
        assertThat(measure.version()).isEqualTo(7);
    }

    @Test
    void readsTheWholeDataIntoAContractRecord() {
        CloudEvent tallied = new CloudEvent("e-4", "/municipalities/abashiri/participation",
                "jp.renkei.consultation.participation-tallied.v1", null, REVISED.time(), "3", "5-2-2",
                ("{\"municipalityId\":\"abashiri\",\"planId\":\"p\",\"measureId\":\"5-2-2\",\"fiscalYear\":2026,"
                        + "\"opinionCount\":4,\"hearingRecordCount\":2,\"tallyVersion\":3,"
                        + "\"asOf\":\"2026-12-06T03:00:00Z\",\"tags\":[\"広域連携\"]}").getBytes(StandardCharsets.UTF_8));

        ParticipationTallied tally = decoder.data(tallied, ParticipationTallied.class).orElseThrow();

        assertThat(tally.fiscalYear()).isEqualTo(2026);
        assertThat(tally.opinionCount() + tally.hearingRecordCount()).isEqualTo(6);
        assertThat(tally.asOf()).isEqualTo(Instant.parse("2026-12-06T03:00:00Z"));
        assertThat(tally.tags()).containsExactly("広域連携");
    }

    @Test
    void skipsDataThatDoesNotRead() {
        CloudEvent withoutMeasure = new CloudEvent("e-2", "/s", PlanEventTypes.MEASURE_REVISED, null, REVISED.time(),
                null, "k", "{\"measure\":42}".getBytes(StandardCharsets.UTF_8));
        CloudEvent notJson = new CloudEvent("e-3", "/s", PlanEventTypes.MEASURE_REVISED, null, REVISED.time(),
                null, "k", "{".getBytes(StandardCharsets.UTF_8));

        assertThat(decoder.dataField(withoutMeasure, "measure", MeasureSnapshot.class)).isEmpty();
        assertThat(decoder.dataField(notJson, "measure", MeasureSnapshot.class)).isEmpty();
        assertThat(decoder.data(notJson, MeasureSnapshot.class)).isEmpty();
    }
}
