package jp.renkei.localstack.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MutableClockTest {

    private static final Instant START = Instant.parse("2026-04-01T00:00:00Z");

    @Test
    void aStartedClockStandsStillUntilMovedAndNeverGoesBack() {
        MutableClock clock = new MutableClock(START);

        assertThat(clock.instant()).isEqualTo(START);
        clock.advance(Duration.ofDays(31));
        assertThat(clock.instant()).isEqualTo(START.plus(Duration.ofDays(31)));
        clock.advanceTo(START.plus(Duration.ofDays(1)));
        assertThat(clock.instant()).as("never back").isEqualTo(START.plus(Duration.ofDays(31)));
        clock.advanceTo(START.plus(Duration.ofDays(40)));
        assertThat(clock.instant()).isEqualTo(START.plus(Duration.ofDays(40)));
        clock.reset();
        assertThat(clock.instant()).isEqualTo(START);
    }

    @Test
    void aHeldClockStandsStillWhereItWasMovesOnlyWhenMovedAndGoesOnFromThereWhenReleased() {
        MutableClock clock = MutableClock.followingSystemTime();
        clock.advance(Duration.ofHours(1));
        Instant before = Instant.now().plus(Duration.ofHours(1)).minusMillis(1);

        clock.hold();
        Instant held = clock.instant();
        assertThat(held).isAfterOrEqualTo(before);
        // the system's time goes on; the held clock does not
        long systemMillisAtHold = System.currentTimeMillis();
        await().atMost(Duration.ofSeconds(5)).until(() -> System.currentTimeMillis() > systemMillisAtHold + 1);
        assertThat(clock.instant()).isEqualTo(held);
        clock.advance(Duration.ofMillis(500));
        assertThat(clock.instant()).isEqualTo(held.plusMillis(500));
        clock.advanceTo(held.plusSeconds(10));
        assertThat(clock.instant()).isEqualTo(held.plusSeconds(10));

        clock.release();
        assertThat(clock.instant()).as("released: the system's time plus every move, never back")
                .isAfterOrEqualTo(held.plusSeconds(10));
    }

    @Test
    void resetLetsAHeldClockGoAndUndoesTheMoves() {
        MutableClock clock = MutableClock.followingSystemTime();
        clock.hold();
        clock.advance(Duration.ofDays(31));
        clock.reset();

        assertThat(clock.instant()).isBefore(Instant.now().plus(Duration.ofDays(1)));
        Instant afterReset = clock.instant();
        // following the system's time again (a clock still held would never get there)
        await().atMost(Duration.ofSeconds(5)).until(() -> clock.instant().isAfter(afterReset));
    }
}
