package jp.renkei.messaging.consume;

import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.renkei.contracts.events.CloudEvent;
import jp.renkei.contracts.events.CloudEventHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns Kafka records into events and their data into the contract's records ({@code contracts.plan.MeasureSnapshot}
 * and the like). A record that is no CloudEvent, or whose data does not read as the record asked for, is skipped
 * with one WARN line and no stack trace: retrying would not make it readable, and it would hold up the records
 * behind it in its partition. Reads binary mode ({@code ce_*} headers, the data as the value) and structured mode
 * ({@code content-type: application/cloudevents+json}, the event as the value).
 */
public final class EventDecoder {

    static final String STRUCTURED = "application/cloudevents+json";
    private static final Logger log = LoggerFactory.getLogger(EventDecoder.class);

    private final JsonMapper json;

    public EventDecoder(JsonMapper json) {
        // a producer may add fields to its data (a compatible change); this consumer reads those it knows
        this.json = json.rebuild().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build();
    }

    /** The event a record carries, or empty (logged) when it carries none. */
    public Optional<CloudEvent> event(Map<String, ?> headers, byte[] value) {
        try {
            Object contentType = headers.get(CloudEventHeaders.CONTENT_TYPE);
            String mediaType = contentType instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8)
                    : contentType == null ? "" : contentType.toString();
            if (!headers.containsKey(CloudEventHeaders.SPEC_VERSION) && mediaType.startsWith(STRUCTURED)) {
                return Optional.of(CloudEvent.fromStructuredJson(value));
            }
            return Optional.of(CloudEvent.fromKafkaHeaders(headers, value));
        } catch (IllegalArgumentException | DateTimeParseException notACloudEvent) {
            log.warn("skipped a record that is not a CloudEvent: {}", notACloudEvent.getMessage());
            return Optional.empty();
        }
    }

    /** The event a message from a single-record binding carries. */
    public Optional<CloudEvent> event(Message<byte[]> message) {
        return event(message.getHeaders(), message.getPayload());
    }

    /** The events of a batch binding's message, in record order, those that are none left out (logged). */
    public List<CloudEvent> events(Message<List<byte[]>> batch) {
        List<byte[]> values = batch.getPayload();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> headers =
                (List<Map<String, Object>>) batch.getHeaders().get(KafkaHeaders.BATCH_CONVERTED_HEADERS);
        List<CloudEvent> events = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            event(headers == null ? Map.of() : headers.get(i), values.get(i)).ifPresent(events::add);
        }
        return events;
    }

    /** The event's data as {@code type}, or empty (logged) when it does not read as one. */
    public <T> Optional<T> data(CloudEvent event, Class<T> type) {
        return read(event, json.readerFor(type));
    }

    /** The field {@code name} of the event's data as {@code type}, or empty (logged) when absent or unreadable. */
    public <T> Optional<T> dataField(CloudEvent event, String name, Class<T> type) {
        try {
            JsonNode field = json.readTree(event.data()).get(name);
            if (field == null || !field.isObject()) {
                log.warn("skipped event {} of type {}: its data has no {}", event.id(), event.type(), name);
                return Optional.empty();
            }
            return Optional.of(json.treeToValue(field, type));
        } catch (JacksonException unreadable) {
            log.warn("skipped event {} of type {}: its data does not read as {}: {}", event.id(), event.type(),
                    type.getSimpleName(), unreadable.getOriginalMessage());
            return Optional.empty();
        }
    }

    private <T> Optional<T> read(CloudEvent event, ObjectReader reader) {
        try {
            return Optional.of(reader.readValue(event.data()));
        } catch (JacksonException unreadable) {
            log.warn("skipped event {} of type {}: its data does not read as {}: {}", event.id(), event.type(),
                    reader.getValueType(), unreadable.getOriginalMessage());
            return Optional.empty();
        }
    }
}
