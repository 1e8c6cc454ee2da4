package jp.renkei.plan;

import java.time.Clock;
import java.time.Duration;
import jp.renkei.support.web.RequestIdLogging;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class PlanServiceConfiguration {

    /** Millisecond ticks: what MongoDB stores, so a time read back equals the time that went into the event. */
    /** The gateway's request id in every log line of a request. */
    @Bean
    RequestIdLogging requestIdLogging() {
        return new RequestIdLogging();
    }

    @Bean
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));
    }
}
