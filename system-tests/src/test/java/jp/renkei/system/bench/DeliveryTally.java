package jp.renkei.system.bench;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.ToLongFunction;
import org.HdrHistogram.Histogram;
import jp.renkei.system.load.SignedWebhookReceiver;

/**
 * What the partners' receivers made of a set of events: the latency of every delivery from when its event was sent,
 * how many (event, partner) pairs never arrived, and deliveries per second from the first send to the last arrival.
 */
record DeliveryTally(Histogram latency, long lost, double deliveriesPerSecond) {

    /**
     * @param sentNanos when each event was sent ({@link System#nanoTime()})
     * @param arrival   when a receiver got an event, or null
     */
    static DeliveryTally of(Collection<String> events, ToLongFunction<String> sentNanos,
                            Collection<SignedWebhookReceiver> receivers,
                            BiFunction<SignedWebhookReceiver, String, Long> arrival) {
        Histogram latency = new Histogram(TimeUnit.MINUTES.toMicros(30), 3);
        long lost = 0;
        long firstSent = Long.MAX_VALUE;
        long lastArrival = Long.MIN_VALUE;
        for (String event : events) {
            long sent = sentNanos.applyAsLong(event);
            firstSent = Math.min(firstSent, sent);
            for (SignedWebhookReceiver receiver : receivers) {
                Long arrived = arrival.apply(receiver, event);
                if (arrived == null) {
                    lost++;
                } else {
                    latency.recordValue(Math.max(0, (arrived - sent) / 1_000));
                    lastArrival = Math.max(lastArrival, arrived);
                }
            }
        }
        return new DeliveryTally(latency, lost, perSecond(latency.getTotalCount(), lastArrival - firstSent));
    }

    static double perSecond(long count, long nanos) {
        return nanos <= 0 ? 0 : Math.round(count * 10.0 * TimeUnit.SECONDS.toNanos(1) / nanos) / 10.0;
    }

    /** Polls the condition every 20 ms; false when the limit passed first. */
    static boolean await(BooleanSupplier condition, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        return true;
    }
}
