package jp.renkei.consultation.outbox;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.support.KafkaHeaderMapper;
import org.springframework.kafka.support.SimpleKafkaHeaderMapper;

/**
 * Writes the {@code ce_*} headers as plain UTF-8, as the CloudEvents Kafka binding expects and as plan-service writes
 * them; without it the binder would add Spring-only header types. Named in consultation-service.yml.
 */
@Configuration(proxyBeanMethods = false)
class CloudEventsHeaderMapping {

    @Bean
    KafkaHeaderMapper cloudEventsHeaderMapper() {
        SimpleKafkaHeaderMapper mapper = new SimpleKafkaHeaderMapper("!id", "!timestamp", "!contentType", "*");
        mapper.setMapAllStringsOut(true);
        return mapper;
    }
}
