package jp.renkei.messaging;

import java.time.Clock;
import java.util.List;
import jp.renkei.messaging.consume.EventDecoder;
import jp.renkei.messaging.outbox.LaneLeases;
import jp.renkei.messaging.outbox.MongoLaneLeases;
import jp.renkei.messaging.outbox.Outbox;
import jp.renkei.messaging.outbox.OutboxProperties;
import jp.renkei.messaging.outbox.OutboxRelay;
import jp.renkei.messaging.outbox.PublishedEventListener;
import jp.renkei.messaging.publish.CloudEventsHeaderMapping;
import jp.renkei.messaging.publish.EventPublisher;
import jp.renkei.messaging.publish.EventRoutes;
import jp.renkei.messaging.publish.KafkaEventPublisher;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.support.KafkaHeaderMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a service needs to publish and consume events: the CloudEvents header mapping and the decoder always; the
 * publisher when the service names its output binding ({@code renkei.messaging.publisher.binding}) or declares its
 * own {@link EventRoutes}; the outbox relay when it names its outbox ({@code renkei.messaging.outbox.name}) and
 * declares its {@link Outbox}. See docs/messaging.md.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
        "org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration"})
@ConditionalOnClass(StreamBridge.class)
public class MessagingAutoConfiguration {

    @Bean(CloudEventsHeaderMapping.BEAN_NAME)
    @ConditionalOnMissingBean(name = CloudEventsHeaderMapping.BEAN_NAME)
    KafkaHeaderMapper cloudEventsHeaderMapper() {
        return CloudEventsHeaderMapping.headerMapper();
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(JsonMapper.class)
    EventDecoder eventDecoder(JsonMapper json) {
        return new EventDecoder(json);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty("renkei.messaging.publisher.binding")
    EventRoutes eventRoutes(Environment environment) {
        return EventRoutes.single(environment.getRequiredProperty("renkei.messaging.publisher.binding"));
    }

    @Bean
    @ConditionalOnMissingBean(EventPublisher.class)
    @ConditionalOnBean(EventRoutes.class)
    EventPublisher eventPublisher(StreamBridge streamBridge, EventRoutes routes, ConfigurableListableBeanFactory beans,
                                  Environment environment) {
        return new KafkaEventPublisher(streamBridge, routes, beans, environment);
    }

    /** The relay of the service's outbox. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty("renkei.messaging.outbox.name")
    @EnableConfigurationProperties(OutboxProperties.class)
    static class OutboxRelayConfiguration {

        @Bean
        @ConditionalOnMissingBean
        LaneLeases laneLeases(MongoTemplate mongo) {
            return new MongoLaneLeases(mongo, Clock.systemUTC());
        }

        @Bean
        @ConditionalOnMissingBean
        OutboxRelay outboxRelay(Outbox outbox, LaneLeases leases, EventPublisher publisher,
                                List<PublishedEventListener> listeners, OutboxProperties properties) {
            return new OutboxRelay(outbox, leases, publisher, listeners, properties);
        }
    }
}
