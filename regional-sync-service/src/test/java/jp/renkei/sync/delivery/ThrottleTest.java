package jp.renkei.sync.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ThrottleTest {

    private static final long MS = 1_000_000L;

    @ParameterizedTest(name = "{0}/s, asked every {1} ms for {2} ms: {3} go")
    @CsvSource(textBlock = """
            # per second | asked every ms | for ms | may go
            1,             1,               999,     1
            1,             1,               2000,    3
            5,             1,               999,     9
            5,             100,             1000,    10
            10,            0,               0,       10
            10,            50,              950,     19
            100,           1,               1000,    200
            """)
    void letsAtMostTheRateThroughAfterABurstOfOneSecondsWorth(int perSecond, long everyMillis, long forMillis,
                                                              int mayGo) {
        Throttle throttle = new Throttle(perSecond, 0);
        int went = 0;
        long step = Math.max(1, everyMillis);
        for (long at = 0; at <= forMillis; at += everyMillis == 0 ? forMillis + 1 : step) {
            // a pass may ask many times at one instant: everything up to the bucket goes, then nothing
            while (throttle.tryTake(at * MS)) {
                went++;
            }
        }
        assertThat(went).isEqualTo(mayGo);
    }

    @ParameterizedTest
    @CsvSource({"0", "-1"})
    void aRateBelowOneIsRefused(int perSecond) {
        assertThatThrownBy(() -> new Throttle(perSecond, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({"1", "7", "100"})
    void tellsTheRateItKeeps(int perSecond) {
        assertThat(new Throttle(perSecond, 0).perSecond()).isEqualTo(perSecond);
    }
}
