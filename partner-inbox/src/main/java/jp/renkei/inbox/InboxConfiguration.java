package jp.renkei.inbox;

import java.time.Clock;
import jp.renkei.inbox.processing.LoggingEventHandler;
import jp.renkei.inbox.processing.ReceivedEventHandler;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class InboxConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** A partner's own processing replaces this by declaring a {@link ReceivedEventHandler} bean. */
    @Bean
    @ConditionalOnMissingBean
    ReceivedEventHandler receivedEventHandler() {
        return new LoggingEventHandler();
    }
}
