package jp.renkei.plan;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class PlanServiceConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
