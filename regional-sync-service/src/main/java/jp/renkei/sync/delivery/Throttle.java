package jp.renkei.sync.delivery;

/**
 * At most {@code perSecond} deliveries a second to one endpoint, as a token bucket that holds one second's worth: a
 * partner's small server gets a steady trickle, never the burst Renkei could send. Pure: the caller says what time it
 * is (nanoseconds, any origin). Not thread-safe; the dispatcher's pass thread is its only user.
 */
final class Throttle {

    private static final long SECOND = 1_000_000_000L;

    private final int perSecond;
    /** Tokens in billionths, so that refilling by the nanosecond is exact arithmetic. */
    private long nanoTokens;
    private long lastNanos;

    Throttle(int perSecond, long nowNanos) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("perSecond must be at least 1: " + perSecond);
        }
        this.perSecond = perSecond;
        this.nanoTokens = perSecond * SECOND;
        this.lastNanos = nowNanos;
    }

    int perSecond() {
        return perSecond;
    }

    /** True, and one delivery counted, when one may go at {@code nowNanos}. */
    boolean tryTake(long nowNanos) {
        // the bucket is full after a second, so a longer wait adds nothing (and cannot overflow)
        long elapsed = Math.min(SECOND, Math.max(0, nowNanos - lastNanos));
        nanoTokens = Math.min(perSecond * SECOND, nanoTokens + elapsed * perSecond);
        lastNanos = nowNanos;
        if (nanoTokens >= SECOND) {
            nanoTokens -= SECOND;
            return true;
        }
        return false;
    }
}
