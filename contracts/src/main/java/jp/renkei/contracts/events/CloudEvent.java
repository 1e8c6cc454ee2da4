package jp.renkei.contracts.events;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * One event as the contract defines it: CloudEvents 1.0 attributes plus the JSON data, kept as the exact bytes
 * the producer wrote so that every hop forwards them unchanged.
 *
 * @param sequence     the aggregate's version after the change (sequence extension)
 * @param partitionKey the aggregate id, also the Kafka record key (partitioning extension)
 * @param data         the UTF-8 JSON payload
 */
public record CloudEvent(String id, String source, String type, String subject, Instant time, String sequence,
                         String partitionKey, byte[] data) {

    private static final JsonFactory JSON = new JsonFactory();

    public CloudEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(data, "data");
    }

    /** The attributes as Kafka headers in binary content mode, values as UTF-8 strings. */
    public Map<String, String> kafkaHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(CloudEventHeaders.ID, id);
        headers.put(CloudEventHeaders.SOURCE, source);
        headers.put(CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0);
        headers.put(CloudEventHeaders.TYPE, type);
        if (subject != null) {
            headers.put(CloudEventHeaders.SUBJECT, subject);
        }
        headers.put(CloudEventHeaders.TIME, time.toString());
        if (sequence != null) {
            headers.put(CloudEventHeaders.SEQUENCE, sequence);
        }
        if (partitionKey != null) {
            headers.put(CloudEventHeaders.PARTITION_KEY, partitionKey);
        }
        headers.put(CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
        return headers;
    }

    /**
     * Reads an event back from binary-mode headers; header values may be {@code byte[]} or {@code String}, as
     * different Kafka header mappers hand them over.
     *
     * @throws IllegalArgumentException when a required attribute is missing or the spec version is not 1.0
     */
    public static CloudEvent fromKafkaHeaders(Map<String, ?> headers, byte[] data) {
        String specVersion = text(headers, CloudEventHeaders.SPEC_VERSION);
        if (!CloudEventHeaders.SPEC_VERSION_1_0.equals(specVersion)) {
            throw new IllegalArgumentException("not a CloudEvents 1.0 record: ce_specversion=" + specVersion);
        }
        String id = required(headers, CloudEventHeaders.ID);
        String time = required(headers, CloudEventHeaders.TIME);
        return new CloudEvent(id, required(headers, CloudEventHeaders.SOURCE), required(headers, CloudEventHeaders.TYPE),
                text(headers, CloudEventHeaders.SUBJECT), Instant.parse(time), text(headers, CloudEventHeaders.SEQUENCE),
                text(headers, CloudEventHeaders.PARTITION_KEY), data);
    }

    /**
     * The event in the CloudEvents JSON format (structured mode), as webhooks and the pull feed carry it, written by
     * Jackson's generator. The data bytes are embedded verbatim (a raw value), so the payload a partner receives is
     * exactly the one the producer wrote.
     */
    public byte[] toStructuredJson() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + 320);
        try (JsonGenerator json = JSON.createGenerator(ObjectWriteContext.empty(), out)) {
            json.writeStartObject();
            json.writeStringProperty("specversion", CloudEventHeaders.SPEC_VERSION_1_0);
            json.writeStringProperty("id", id);
            json.writeStringProperty("source", source);
            json.writeStringProperty("type", type);
            if (subject != null) {
                json.writeStringProperty("subject", subject);
            }
            json.writeStringProperty("time", time.toString());
            if (sequence != null) {
                json.writeStringProperty("sequence", sequence);
            }
            if (partitionKey != null) {
                json.writeStringProperty("partitionkey", partitionKey);
            }
            json.writeStringProperty("datacontenttype", CloudEventHeaders.JSON);
            json.writeName("data");
            json.writeRawValue(new String(data, StandardCharsets.UTF_8));
            json.writeEndObject();
        }
        return out.toByteArray();
    }

    /**
     * Reads an event in the CloudEvents JSON format (structured mode). JSON data is kept as the exact bytes it has in
     * {@code json}; {@code data_base64} is decoded.
     *
     * @throws IllegalArgumentException when it is not JSON, a required attribute is missing or the spec version is
     *                                  not 1.0
     */
    public static CloudEvent fromStructuredJson(byte[] json) {
        Map<String, String> attributes = new LinkedHashMap<>();
        byte[] data = null;
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a structured CloudEvent: not a JSON object");
            }
            for (String name = parser.nextName(); name != null; name = parser.nextName()) {
                JsonToken value = parser.nextToken();
                if (name.equals("data")) {
                    data = rawValue(parser, value, json);
                } else if (name.equals("data_base64") && value == JsonToken.VALUE_STRING) {
                    data = Base64.getDecoder().decode(parser.getString());
                } else if (value.isScalarValue() && value != JsonToken.VALUE_NULL) {
                    attributes.put(name, parser.getString());
                } else {
                    parser.skipChildren();
                }
            }
        } catch (JacksonException notJson) {
            throw new IllegalArgumentException("not a structured CloudEvent: " + notJson.getOriginalMessage());
        }
        Map<String, String> asHeaders = new LinkedHashMap<>();
        attributes.forEach((name, value) -> asHeaders.put("ce_" + name, value));
        return fromKafkaHeaders(asHeaders, data == null ? new byte[0] : data);
    }

    /** The bytes of the value the parser stands on, as they are in {@code json}. */
    private static byte[] rawValue(JsonParser parser, JsonToken value, byte[] json) {
        int start = (int) parser.currentTokenLocation().getByteOffset();
        if (value.isStructStart()) {
            parser.skipChildren();
            return Arrays.copyOfRange(json, start, (int) parser.currentTokenLocation().getByteOffset() + 1);
        }
        parser.getString(); // reads the whole token, so that the location is past it
        return Arrays.copyOfRange(json, start, (int) parser.currentLocation().getByteOffset());
    }

    private static String required(Map<String, ?> headers, String name) {
        String value = text(headers, name);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("CloudEvent header " + name + " is missing");
        }
        return value;
    }

    private static String text(Map<String, ?> headers, String name) {
        Object value = headers.get(name);
        if (value instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return value == null ? null : value.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CloudEvent that && id.equals(that.id) && source.equals(that.source)
                && type.equals(that.type) && Objects.equals(subject, that.subject) && time.equals(that.time)
                && Objects.equals(sequence, that.sequence) && Objects.equals(partitionKey, that.partitionKey)
                && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, source, type, subject, time, sequence, partitionKey, Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return "CloudEvent[id=" + id + ", type=" + type + ", subject=" + subject + ", sequence=" + sequence + "]";
    }
}
