package jp.renkei.sync.support;

import jp.renkei.localstack.test.MutableClock;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The service's clock as the test moves it: the system's time, moved ahead when a test wants a deadline past. Imported
 * by the tests that move it, each into a context of its own, so no other test's context sees the move.
 */
@TestConfiguration(proxyBeanMethods = false)
public class ControlledClock {

    @Bean
    @Primary
    MutableClock testClock() {
        return MutableClock.followingSystemTime();
    }
}
