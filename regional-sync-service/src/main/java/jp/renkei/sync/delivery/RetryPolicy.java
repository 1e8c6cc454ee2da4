package jp.renkei.sync.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * When a failed delivery is attempted next, as a pure function of how many attempts were made, what the partner
 * asked for and a jitter value: the schedule's delay (plus up to 10 % of it, so that deliveries that failed together
 * do not all come back at once), or longer if the partner asked for longer with {@code Retry-After}, but never
 * longer than {@code maxRetryAfter}: a partner cannot park a delivery for a week. An endpoint that has accepted
 * nothing for {@code disableAfterFailingFor} is disabled.
 *
 * @param schedule               delay before each attempt; the first is usually zero, the last decides when a delivery
 *                               fails
 * @param maxRetryAfter          the longest {@code Retry-After} honoured
 * @param disableAfterFailingFor how long an endpoint may fail every attempt before it is disabled
 */
record RetryPolicy(List<Duration> schedule, Duration maxRetryAfter, Duration disableAfterFailingFor) {

    RetryPolicy {
        schedule = List.copyOf(schedule);
    }

    /**
     * @param attemptsMade attempts made so far, the failed one included
     * @param retryAfter   what the partner asked for with a 429 or 503, or null
     * @param jitter       a number from 0 (inclusive) to 1 (exclusive): how much of the jitter to add
     * @return when to try again, or null when the schedule is used up and the delivery has failed for good
     */
    Instant nextAttempt(int attemptsMade, Instant failedAt, Duration retryAfter, double jitter) {
        if (attemptsMade >= schedule.size()) {
            return null;
        }
        Duration delay = schedule.get(attemptsMade);
        Duration wait = delay.plusMillis((long) (delay.toMillis() / 10 * jitter));
        if (retryAfter != null) {
            Duration asked = retryAfter.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : retryAfter;
            if (asked.compareTo(wait) > 0) {
                wait = asked;
            }
        }
        return failedAt.plus(wait);
    }

    /**
     * Whether a failure at {@code now} disables an endpoint that has accepted nothing since {@code failingSince}: once
     * it has failed for {@code disableAfterFailingFor}, to the instant.
     */
    boolean disablesEndpoint(Instant failingSince, Instant now) {
        return !now.isBefore(failingSince.plus(disableAfterFailingFor));
    }
}
