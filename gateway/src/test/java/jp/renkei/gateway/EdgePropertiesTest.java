package jp.renkei.gateway;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A rate limit configured by halves stops the gateway at start, instead of answering 500 to every request. */
class EdgePropertiesTest {

    @Test
    void aRateLimitNeedsAPositiveCapacityRefillAndPeriod() {
        assertThatNoException().isThrownBy(() -> new EdgeProperties.RateLimit(1, 1, Duration.ofSeconds(1)));
        assertThatIllegalArgumentException().isThrownBy(() -> new EdgeProperties.RateLimit(100, 50, null))
                .withMessageContaining("period null");
        assertThatIllegalArgumentException().isThrownBy(() -> new EdgeProperties.RateLimit(0, 50, Duration.ofSeconds(1)));
        assertThatIllegalArgumentException().isThrownBy(() -> new EdgeProperties.RateLimit(100, 0, Duration.ofSeconds(1)));
        assertThatIllegalArgumentException().isThrownBy(() -> new EdgeProperties.RateLimit(100, 50, Duration.ZERO));
    }
}
