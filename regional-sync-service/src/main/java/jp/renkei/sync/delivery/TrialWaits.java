package jp.renkei.sync.delivery;

import io.github.resilience4j.core.IntervalFunction;
import java.time.Duration;

/**
 * How long an open breaker waits before its next trial request, by how many times in a row it has opened: the
 * first {@code quickTrials} times {@code first}, so that a partner back after a short outage is tried within that and
 * its backlog goes (issue #11: the breaker probed soon while a backlog waits); after that twice as long each time, up
 * to {@code longest}, so that one down for days costs a request per {@code longest}.
 *
 * @param quickTrials at least 1; 1 doubles from the second wait on
 */
record TrialWaits(Duration first, Duration longest, int quickTrials) implements IntervalFunction {

    TrialWaits {
        if (first.compareTo(longest) > 0) {
            first = longest;
        }
        quickTrials = Math.max(1, quickTrials);
    }

    /** The wait in milliseconds before the trial after the breaker opened the {@code timesOpened}-th time in a row. */
    @Override
    public Long apply(Integer timesOpened) {
        int doublings = Math.max(0, timesOpened - quickTrials);
        long longestMillis = longest.toMillis();
        long wait = first.toMillis();
        for (int i = 0; i < doublings && wait < longestMillis; i++) {
            wait *= 2;
        }
        return Math.min(wait, longestMillis);
    }
}
