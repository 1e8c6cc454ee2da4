package jp.renkei.sync.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryPolicyTest {

    private static final Instant FAILED_AT = Instant.parse("2026-12-05T00:00:00Z");
    private static final RetryPolicy POLICY = new RetryPolicy(
            List.of(Duration.ZERO, Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofHours(10)),
            Duration.ofHours(1), Duration.ofDays(5));

    @ParameterizedTest(name = "after {0} attempts, Retry-After {1}, jitter {2}: wait {3}")
    @CsvSource(nullValues = "none", textBlock = """
            # attempts | Retry-After | jitter | wait
            1,           none,         0,       PT5S
            1,           none,         0.5,     PT5.25S
            1,           none,         0.999,   PT5.499S
            2,           none,         0,       PT5M
            2,           none,         0.5,     PT5M15S
            3,           none,         0,       PT10H
            # a shorter Retry-After than the schedule: the schedule
            2,           PT1M,         0,       PT5M
            # a longer one: as asked
            1,           PT2M,         0,       PT2M
            # longer than the maximum: clamped to it
            1,           PT168H,       0,       PT1H
            1,           PT1H1S,       0.9,     PT1H
            # the schedule beyond the maximum still counts
            3,           PT168H,       0,       PT10H
            """)
    void waitsAsTheScheduleSaysOrLongerAsThePartnerAsksUpToTheMaximum(int attempts, Duration retryAfter,
                                                                      double jitter, Duration wait) {
        assertThat(POLICY.nextAttempt(attempts, FAILED_AT, retryAfter, jitter)).isEqualTo(FAILED_AT.plus(wait));
    }

    @ParameterizedTest(name = "after {0} attempts, Retry-After {1}: failed for good")
    @CsvSource(nullValues = "none", textBlock = """
            4, none
            4, PT1S
            9, none
            """)
    void aUsedUpScheduleFailsForGoodWhateverThePartnerAsks(int attempts, Duration retryAfter) {
        assertThat(POLICY.nextAttempt(attempts, FAILED_AT, retryAfter, 0)).isNull();
    }

    @ParameterizedTest(name = "failing since {0}, failed again at {1}: disabled {2}")
    @CsvSource(textBlock = """
            2026-12-01T00:00:00Z, 2026-12-01T00:00:00Z, false
            2026-12-01T00:00:00Z, 2026-12-05T23:59:59.999Z, false
            2026-12-01T00:00:00Z, 2026-12-06T00:00:00Z, true
            2026-12-01T00:00:00Z, 2026-12-06T00:00:00.001Z, true
            2026-12-01T00:00:00Z, 2027-01-01T00:00:00Z, true
            """)
    void anEndpointThatAcceptedNothingForTheWholePeriodIsDisabled(Instant failingSince, Instant failedAt,
                                                                 boolean disabled) {
        assertThat(POLICY.disablesEndpoint(failingSince, failedAt)).isEqualTo(disabled);
    }
}
