package jp.renkei.contracts.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudevents.SpecVersion;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.jackson.JsonFormat;
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

    /**
     * The CloudEvents SDK (the specification's reference implementation for Java) reads our structured JSON back to
     * the same attributes and the same data bytes, odd characters in attribute values included.
     */
    @Test
    void theCloudEventsSdkReadsOurStructuredJsonAsTheSameEvent() {
        EventFormat format = EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE);
        CloudEvent odd = new CloudEvent("id \"quoted\" \\ \u0001 \u2028 改行\n", "/municipalities/abashiri/plans/p",
                PlanEventTypes.MEASURE_REVISED, "measures/5-2-2 「広域」", event.time(), "12", "5-2-2", event.data());
        for (CloudEvent ours : java.util.List.of(event, odd)) {
            io.cloudevents.CloudEvent read = format.deserialize(ours.toStructuredJson());

            assertThat(read.getSpecVersion()).isEqualTo(SpecVersion.V1);
            assertThat(read.getId()).isEqualTo(ours.id());
            assertThat(read.getSource()).hasToString(ours.source());
            assertThat(read.getType()).isEqualTo(ours.type());
            assertThat(read.getSubject()).isEqualTo(ours.subject());
            assertThat(read.getTime().toInstant()).isEqualTo(ours.time());
            assertThat(read.getExtension("sequence")).isEqualTo(ours.sequence());
            assertThat(read.getExtension("partitionkey")).isEqualTo(ours.partitionKey());
            assertThat(read.getDataContentType()).isEqualTo("application/json");
            assertThat(new String(read.getData().toBytes(), StandardCharsets.UTF_8))
                    .isEqualTo(new String(ours.data(), StandardCharsets.UTF_8));
        }
    }

    /** Our reader takes the SDK's structured JSON back to the same event, the Japanese data byte for byte. */
    @Test
    void weReadTheCloudEventsSdksStructuredJsonAsTheSameEvent() {
        EventFormat format = EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE);
        io.cloudevents.CloudEvent written = io.cloudevents.core.builder.CloudEventBuilder.v1()
                .withId(event.id()).withSource(java.net.URI.create(event.source())).withType(event.type())
                .withSubject(event.subject()).withTime(event.time().atOffset(java.time.ZoneOffset.UTC))
                .withExtension("sequence", event.sequence()).withExtension("partitionkey", event.partitionKey())
                .withData("application/json", event.data()).build();

        CloudEvent read = CloudEvent.fromStructuredJson(format.serialize(written));

        assertThat(read).isEqualTo(event);
        assertThat(new String(read.data(), StandardCharsets.UTF_8)).isEqualTo("{\"title\":\"広域連携\",\"n\":\"１２３①\"}");
    }

    @Test
    void readsOurOwnStructuredJsonBackWhateverTheDataIs() {
        for (String data : java.util.List.of("{\"a\":[1,{\"b\":\"網走\"}]}", "[\"①\"]", "\"文字列\"", "42", "null")) {
            CloudEvent ours = new CloudEvent("id-1", "/s", "t", "measures/5-2-2 「広域」", event.time(), null, "k",
                    data.getBytes(StandardCharsets.UTF_8));

            assertThat(CloudEvent.fromStructuredJson(ours.toStructuredJson())).isEqualTo(ours);
        }
    }

    @Test
    void refusesStructuredJsonThatIsNotACloudEvent() {
        assertThatThrownBy(() -> CloudEvent.fromStructuredJson("[1]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CloudEvent.fromStructuredJson("{\"id\":".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CloudEvent.fromStructuredJson("{\"specversion\":\"1.0\"}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("ce_id");
    }
}
