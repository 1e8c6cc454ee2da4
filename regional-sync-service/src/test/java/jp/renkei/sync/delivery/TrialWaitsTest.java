package jp.renkei.sync.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrialWaitsTest {

    @ParameterizedTest(name = "first {0} ms, longest {1} ms, {2} quick trials: after opening {3} times, {4} ms")
    @CsvSource({
            // quick trials at the first wait, then doubling up to the longest
            "1000, 30000, 30,    1,  1000",
            "1000, 30000, 30,   30,  1000",
            "1000, 30000, 30,   31,  2000",
            "1000, 30000, 30,   32,  4000",
            "1000, 30000, 30,   35, 30000",
            "1000, 30000, 30, 1000, 30000",
            // one quick trial: doubling from the second wait on
            "50,   3600000, 1,   1,    50",
            "50,   3600000, 1,   2,   100",
            "50,   3600000, 1,   3,   200",
            "50,   3600000, 1,  30, 3600000",
            // a first wait longer than the longest is the longest
            "5000,     200, 30,   1,   200",
            // fewer than one quick trial is one
            "100,    1000, 0,    1,   100",
            "100,    1000, 0,    2,   200",
    })
    void waitsBeforeTheNextTrial(long firstMillis, long longestMillis, int quickTrials, int timesOpened,
                                 long expectedMillis) {
        TrialWaits waits = new TrialWaits(Duration.ofMillis(firstMillis), Duration.ofMillis(longestMillis), quickTrials);

        assertThat(waits.apply(timesOpened)).isEqualTo(expectedMillis);
    }
}
