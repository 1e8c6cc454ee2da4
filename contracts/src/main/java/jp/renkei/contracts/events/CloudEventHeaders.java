package jp.renkei.contracts.events;

/**
 * Kafka header names of the CloudEvents 1.0 Kafka protocol binding, binary content mode: the event's attributes
 * travel as {@code ce_}-prefixed headers, its data as the record value.
 */
public final class CloudEventHeaders {

    public static final String ID = "ce_id";
    public static final String SOURCE = "ce_source";
    public static final String SPEC_VERSION = "ce_specversion";
    public static final String TYPE = "ce_type";
    public static final String SUBJECT = "ce_subject";
    public static final String TIME = "ce_time";
    /** The sequence extension: the aggregate's version after the change, as a decimal string. */
    public static final String SEQUENCE = "ce_sequence";
    /** The partitioning extension: the aggregate id, equal to the record key. */
    public static final String PARTITION_KEY = "ce_partitionkey";
    public static final String CONTENT_TYPE = "content-type";

    public static final String SPEC_VERSION_1_0 = "1.0";
    public static final String JSON = "application/json";

    private CloudEventHeaders() {
    }
}
