package jp.renkei.localstack.test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock a test moves forward, so that what a service does "on time" happens when the test decides. It stands still
 * where it was started ({@link #MutableClock(Instant)}), or follows the system's time in milliseconds
 * ({@link #followingSystemTime()}) for a service whose own timers must keep running while a test moves a deadline past;
 * such a clock can also be held still for a while ({@link #hold()}), so that what a service does "per second" waits for
 * the test to move it. One per test context: a clock shared between tests carries one test's moves into the next.
 */
public final class MutableClock extends Clock {

    private final Clock base;
    private final AtomicReference<Duration> ahead = new AtomicReference<>(Duration.ZERO);
    /** Where the clock stands while it is held, or null. */
    private final AtomicReference<Instant> heldAt = new AtomicReference<>();

    /** A clock that stands at {@code start} until it is moved. */
    public MutableClock(Instant start) {
        this(Clock.fixed(start, ZoneOffset.UTC));
    }

    private MutableClock(Clock base) {
        this.base = base;
    }

    /** The system's time in milliseconds (as a service's own clock), plus however far it was moved. */
    public static MutableClock followingSystemTime() {
        return new MutableClock(Clock.tick(Clock.systemUTC(), Duration.ofMillis(1)));
    }

    /** Moves the clock to {@code instant}; never back. */
    public void advanceTo(Instant instant) {
        Instant current = instant();
        if (instant.isAfter(current)) {
            advance(Duration.between(current, instant));
        }
    }

    public void advance(Duration duration) {
        ahead.accumulateAndGet(duration, Duration::plus);
        heldAt.updateAndGet(held -> held == null ? null : held.plus(duration));
    }

    /**
     * Stands still where it is now, until {@link #release()}d; {@link #advance(Duration)} still moves it. Released, it
     * goes on from the system's time plus the moves, which is never earlier than where it stood.
     */
    public void hold() {
        heldAt.compareAndSet(null, instant());
    }

    public void release() {
        heldAt.set(null);
    }

    /** Undoes every move and any hold: back to the start, or to the system's time. */
    public void reset() {
        heldAt.set(null);
        ahead.set(Duration.ZERO);
    }

    @Override
    public Instant instant() {
        Instant held = heldAt.get();
        return held != null ? held : base.instant().plus(ahead.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the clock is UTC");
    }
}
