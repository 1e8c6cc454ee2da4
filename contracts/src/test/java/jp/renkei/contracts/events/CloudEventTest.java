package jp.renkei.contracts.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CloudEventTest {

    private final CloudEvent event = new CloudEvent("0b7d3c1e", "/municipalities/abashiri/plans/abashiri-comprehensive-plan",
            PlanEventTypes.MEASURE_REVISED, "measures/5-2-2", Instant.parse("2026-11-24T01:02:03.456Z"), "7", "5-2-2",
            "{\"title\":\"広域連携\",\"n\":\"１２３①\"}".getBytes(StandardCharsets.UTF_8));

    @Test
    void roundTripsThroughBinaryModeHeadersGivenAsBytes() {
        Map<String, Object> asBytes = new HashMap<>();
        event.kafkaHeaders().forEach((name, value) -> asBytes.put(name, value.getBytes(StandardCharsets.UTF_8)));

        assertThat(CloudEvent.fromKafkaHeaders(asBytes, event.data())).isEqualTo(event);
        assertThat(event.kafkaHeaders()).containsEntry("ce_specversion", "1.0").containsEntry("content-type", "application/json");
    }

    @Test
    void refusesRecordsThatAreNotCloudEvents() {
        Map<String, String> headers = new HashMap<>(event.kafkaHeaders());
        headers.remove(CloudEventHeaders.ID);
        assertThatThrownBy(() -> CloudEvent.fromKafkaHeaders(headers, event.data())).hasMessageContaining("ce_id");
        assertThatThrownBy(() -> CloudEvent.fromKafkaHeaders(Map.of(), event.data())).hasMessageContaining("ce_specversion");
    }

    @Test
    void structuredJsonEmbedsTheDataBytesVerbatim() {
        String json = new String(event.toStructuredJson(), StandardCharsets.UTF_8);

        assertThat(json).isEqualTo("{\"specversion\":\"1.0\",\"id\":\"0b7d3c1e\","
                + "\"source\":\"/municipalities/abashiri/plans/abashiri-comprehensive-plan\","
                + "\"type\":\"jp.renkei.plan.measure.revised.v1\",\"subject\":\"measures/5-2-2\","
                + "\"time\":\"2026-11-24T01:02:03.456Z\",\"sequence\":\"7\",\"partitionkey\":\"5-2-2\","
                + "\"datacontenttype\":\"application/json\",\"data\":{\"title\":\"広域連携\",\"n\":\"１２３①\"}}");
    }

    @Test
    void escapesAttributeValuesInStructuredJson() {
        CloudEvent odd = new CloudEvent("a\"b\\c\n", "/s", "t", null, event.time(), null, null, "null".getBytes(StandardCharsets.UTF_8));

        assertThat(new String(odd.toStructuredJson(), StandardCharsets.UTF_8))
                .startsWith("{\"specversion\":\"1.0\",\"id\":\"a\\\"b\\\\c\\n\",\"source\":\"/s\",\"type\":\"t\",\"time\"");
    }
}
