package jp.renkei.sync;

import java.time.Clock;
import jp.renkei.sync.delivery.WebhookUrlGuard;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class SyncConfiguration {

    /** Millisecond ticks: what MongoDB stores, so a time read back equals the time that went into the event. */
    @Bean
    WebhookUrlGuard webhookUrlGuard(SyncProperties properties) {
        return new WebhookUrlGuard(properties.webhookAllowList());
    }

    @Bean
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));
    }
}
