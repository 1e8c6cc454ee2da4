package jp.renkei.plan.outbox;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.channel.PublishSubscribeChannel;
import org.springframework.messaging.SubscribableChannel;

/**
 * Where the binder reports the outcome of each asynchronous send: acknowledged records on the binding's
 * {@code record-metadata-channel}, failed ones on the destination's error channel, which the binder uses when a bean of
 * that name exists ({@code <destination>.errors}).
 */
@Configuration(proxyBeanMethods = false)
class PublisherChannels {

    static final String SENT = "planEventsSent";
    static final String FAILED = "renkei.plan.events.errors";

    @Bean(SENT)
    SubscribableChannel planEventsSent() {
        return new DirectChannel();
    }

    @Bean(FAILED)
    SubscribableChannel planEventsFailed() {
        return new PublishSubscribeChannel();
    }
}
