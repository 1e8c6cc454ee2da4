package jp.renkei.contracts.events;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import tools.jackson.core.io.JsonStringEncoder;

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
     * The event in the CloudEvents JSON format (structured mode), as webhooks and the pull feed carry it. The data
     * bytes are embedded verbatim, so the payload a partner receives is exactly the one the producer wrote.
     */
    public byte[] toStructuredJson() {
        StringBuilder json = new StringBuilder(data.length + 320);
        json.append('{');
        appendField(json, "specversion", CloudEventHeaders.SPEC_VERSION_1_0).append(',');
        appendField(json, "id", id).append(',');
        appendField(json, "source", source).append(',');
        appendField(json, "type", type).append(',');
        if (subject != null) {
            appendField(json, "subject", subject).append(',');
        }
        appendField(json, "time", time.toString()).append(',');
        if (sequence != null) {
            appendField(json, "sequence", sequence).append(',');
        }
        if (partitionKey != null) {
            appendField(json, "partitionkey", partitionKey).append(',');
        }
        appendField(json, "datacontenttype", CloudEventHeaders.JSON).append(",\"data\":");
        byte[] head = json.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] out = new byte[head.length + data.length + 1];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(data, 0, out, head.length, data.length);
        out[out.length - 1] = '}';
        return out;
    }

    private static StringBuilder appendField(StringBuilder json, String name, String value) {
        json.append('"').append(name).append("\":\"");
        JsonStringEncoder.getInstance().quoteAsString(value, json);
        return json.append('"');
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
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }
        return value == null ? null : value.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CloudEvent that && id.equals(that.id) && source.equals(that.source)
                && type.equals(that.type) && Objects.equals(subject, that.subject) && time.equals(that.time)
                && Objects.equals(sequence, that.sequence) && Objects.equals(partitionKey, that.partitionKey)
                && java.util.Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, source, type, subject, time, sequence, partitionKey, java.util.Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return "CloudEvent[id=" + id + ", type=" + type + ", subject=" + subject + ", sequence=" + sequence + "]";
    }
}
