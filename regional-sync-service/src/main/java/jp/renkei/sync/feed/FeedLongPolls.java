package jp.renkei.sync.feed;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import jp.renkei.sync.SyncProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The pull feed's long polls, held without a thread each: a waiting request is an entry here (its servlet request
 * is in async mode), and one waker per instance looks every {@code wakeInterval} at the head of the feed of each
 * partner that has someone waiting — one read by {@code _id} of its counter, however many wait — and hands the
 * polls whose feed moved, or whose wait is over, to a few reader threads that read their page and answer.
 *
 * <p>At most {@code longPollsPerPartner} polls of one partner and {@code longPollsPerInstance} in all wait at once:
 * one partner's key cannot hold all of an instance's connections, and the instance's memory stays bounded.
 *
 * <p>When the instance stops, the polls still waiting are answered with what there is before the web server's
 * graceful shutdown begins (this lifecycle stops first), so a partner gets its page rather than a dropped connection.
 */
@Component
public class FeedLongPolls implements SmartLifecycle, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FeedLongPolls.class);
    /**
     * While the feed's head is past a poll's cursor but its page is empty (a position still being written, or only
     * gaps after the cursor), the poll reads again this often, not at every tick.
     */
    static final Duration RECHECK = Duration.ofSeconds(1);
    private static final int READERS = 4;

    private final PartnerFeed feed;
    private final int perPartner;
    private final int perInstance;
    private final Map<String, Set<Poll>> waiting = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private final ScheduledExecutorService waker;
    private final ExecutorService readers;
    private volatile boolean running;

    FeedLongPolls(PartnerFeed feed, SyncProperties properties) {
        this.feed = feed;
        this.perPartner = properties.limits().longPollsPerPartner();
        this.perInstance = properties.limits().longPollsPerInstance();
        this.waker = Executors.newSingleThreadScheduledExecutor(daemon("feed-waker"));
        this.readers = Executors.newFixedThreadPool(READERS, daemon("feed-reader"));
        long interval = properties.feedWakeInterval().toMillis();
        waker.scheduleWithFixedDelay(this::wake, interval, interval, TimeUnit.MILLISECONDS);
    }

    /**
     * Waits for something after {@code cursor} in the partner's feed. {@code answer} is called on a reader thread
     * whenever there may be something (and once more, with {@code true}, when the wait is over): it reads the page
     * and returns true when it answered the request, false to go on waiting. The poll holds its place until
     * {@link Poll#release()}, which the request's completion calls.
     *
     * @param head the feed's head read before the page that was empty
     * @throws LongPollLimitException when the partner, or the instance, has as many polls waiting as it may
     */
    public Poll await(String partnerId, long cursor, long head, Duration wait, Answer answer) {
        if (total.incrementAndGet() > perInstance) {
            total.decrementAndGet();
            throw new LongPollLimitException("long-polls-per-instance", perInstance,
                    "this instance holds as many long polls as it may (" + perInstance + "); ask again shortly");
        }
        Poll poll = new Poll(partnerId, cursor, head, System.nanoTime() + wait.toNanos(), answer);
        boolean[] admitted = {false};
        waiting.compute(partnerId, (id, polls) -> {
            Set<Poll> mine = polls == null ? ConcurrentHashMap.newKeySet() : polls;
            if (mine.size() < perPartner) {
                mine.add(poll);
                admitted[0] = true;
            }
            return mine;
        });
        if (!admitted[0]) {
            total.decrementAndGet();
            throw new LongPollLimitException("long-polls-per-partner", perPartner, "partner " + partnerId
                    + " has as many long polls waiting as it may (" + perPartner + "); one poll at a time is enough");
        }
        return poll;
    }

    /** Polls waiting now, for all partners. */
    public int waiting() {
        return total.get();
    }

    private void wake() {
        try {
            long now = System.nanoTime();
            waiting.forEach((partnerId, polls) -> {
                if (polls.isEmpty()) {
                    waiting.computeIfPresent(partnerId, (id, mine) -> mine.isEmpty() ? null : mine);
                    return;
                }
                long head = feed.head(partnerId);
                for (Poll poll : polls) {
                    boolean over = now - poll.deadlineNanos >= 0;
                    if ((over || poll.mayHaveNews(head, now)) && poll.reading.compareAndSet(false, true)) {
                        poll.lastReadNanos = now;
                        poll.seenHead = head;
                        read(poll, over);
                    }
                }
            });
        } catch (RuntimeException storeUnavailable) {
            // the polls wait on; the next tick tries again, and each answers at its deadline at the latest
            log.warn("the feed's long-poll waker could not read the feeds' heads: {}", storeUnavailable.toString());
        }
    }

    private void read(Poll poll, boolean lastChance) {
        try {
            readers.execute(() -> {
                boolean answered = false;
                try {
                    answered = poll.answer.answer(lastChance);
                } catch (RuntimeException storeUnavailable) {
                    // read again at the next tick; past its deadline too, until the request's own timeout answers
                    log.warn("a long poll of partner {} could not read its page: {}", poll.partnerId,
                            storeUnavailable.toString());
                } finally {
                    if (answered) {
                        poll.release();
                    } else {
                        poll.reading.set(false);
                    }
                }
            });
        } catch (RejectedExecutionException shuttingDown) {
            poll.reading.set(false);
        }
    }

    @Override
    public void start() {
        running = true;
    }

    /** Answers every poll still waiting, on this thread, with what there is. */
    @Override
    public void stop() {
        running = false;
        waiting.values().forEach(polls -> polls.forEach(poll -> {
            if (poll.reading.compareAndSet(false, true)) {
                try {
                    poll.answer.answer(true);
                } catch (RuntimeException storeUnavailable) {
                    log.warn("a long poll of partner {} could not be answered on shutdown: {}", poll.partnerId,
                            storeUnavailable.toString());
                } finally {
                    poll.release();
                }
            }
        }));
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public void close() {
        waker.shutdownNow();
        readers.shutdownNow();
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Reads a waiting poll's page and answers it, or not yet. */
    @FunctionalInterface
    public interface Answer {
        /**
         * @param lastChance the wait is over: answer, with an empty page if that is what there is
         * @return true when the request was answered
         */
        boolean answer(boolean lastChance);
    }

    /** One waiting long poll. */
    public final class Poll {

        private final String partnerId;
        private final long cursor;
        private final long deadlineNanos;
        private final Answer answer;
        private final AtomicBoolean reading = new AtomicBoolean();
        private final AtomicBoolean released = new AtomicBoolean();
        private volatile long seenHead;
        private volatile long lastReadNanos = System.nanoTime();

        private Poll(String partnerId, long cursor, long head, long deadlineNanos, Answer answer) {
            this.partnerId = partnerId;
            this.cursor = cursor;
            this.seenHead = head;
            this.deadlineNanos = deadlineNanos;
            this.answer = answer;
        }

        /** The feed moved since the poll last read, or it is past the cursor and the poll has not read for a while. */
        private boolean mayHaveNews(long head, long now) {
            return head != seenHead || head > cursor && now - lastReadNanos >= RECHECK.toNanos();
        }

        /** Gives the poll's place back; only the first call counts. */
        public void release() {
            if (released.compareAndSet(false, true)) {
                Set<Poll> polls = waiting.get(partnerId);
                if (polls != null) {
                    polls.remove(this);
                }
                total.decrementAndGet();
            }
        }
    }
}
