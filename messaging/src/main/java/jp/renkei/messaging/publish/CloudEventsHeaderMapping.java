package jp.renkei.messaging.publish;

import org.springframework.kafka.support.KafkaHeaderMapper;
import org.springframework.kafka.support.SimpleKafkaHeaderMapper;

/**
 * Writes message headers to Kafka as plain UTF-8 bytes, which is what the CloudEvents Kafka binding expects and
 * what any client (kcat, a partner's own consumer) can read. The binder's default mapper would add Spring-only
 * {@code spring_json_header_types} and {@code contentType} headers. A service selects it with
 * {@code spring.cloud.stream.kafka.binder.header-mapper-bean-name: cloudEventsHeaderMapper}.
 */
public final class CloudEventsHeaderMapping {

    public static final String BEAN_NAME = "cloudEventsHeaderMapper";

    private CloudEventsHeaderMapping() {
    }

    public static KafkaHeaderMapper headerMapper() {
        // the CloudEvents binding names the media type content-type; Spring's own contentType header is left out
        SimpleKafkaHeaderMapper mapper = new SimpleKafkaHeaderMapper("!id", "!timestamp", "!contentType", "*");
        mapper.setMapAllStringsOut(true);
        return mapper;
    }
}
