package jp.renkei.sync.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When the dispatcher looks at an endpoint again: the earlier of two wake-up times, either of which may be none. */
class DeliveryDispatcherTimesTest {

    @ParameterizedTest(name = "earlier of {0} and {1}: {2}")
    @CsvSource(nullValues = "none", textBlock = """
            # one                  | other                 | earlier
            none,                  none,                   none
            none,                  2026-12-06T00:00:01Z,   2026-12-06T00:00:01Z
            # some heads wait, and those that started were all due: nothing more to wait for
            2026-12-06T00:00:01Z,  none,                   2026-12-06T00:00:01Z
            2026-12-06T00:00:01Z,  2026-12-06T00:00:02Z,   2026-12-06T00:00:01Z
            2026-12-06T00:00:02Z,  2026-12-06T00:00:01Z,   2026-12-06T00:00:01Z
            2026-12-06T00:00:01Z,  2026-12-06T00:00:01Z,   2026-12-06T00:00:01Z
            """)
    void theEarlierOfTwoTimesEitherOfWhichMayBeNone(Instant one, Instant other, Instant earlier) {
        assertThat(DeliveryDispatcher.earlier(one, other)).isEqualTo(earlier);
    }
}
