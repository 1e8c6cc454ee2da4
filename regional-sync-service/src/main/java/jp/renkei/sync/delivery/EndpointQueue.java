package jp.renkei.sync.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ScheduledFuture;

/**
 * One owned endpoint's pending deliveries in memory, one line per subject in the order they must go out (one
 * measure's revisions in version order). Only the head of a line may go, and only when nothing of that subject is in
 * flight. Not thread-safe: the dispatcher's thread is its only user.
 */
final class EndpointQueue {

    static final Comparator<Delivery> IN_ORDER = Comparator.comparing(Delivery::createdAt)
            .thenComparingLong(Delivery::sequence).thenComparing(Delivery::id);

    private final Map<String, NavigableSet<Delivery>> bySubject = new LinkedHashMap<>();
    private final Map<String, Delivery> byId = new HashMap<>();
    /** Per subject in flight, the id of its delivery in flight. */
    private final Map<String, String> inFlight = new HashMap<>();
    /** Accepted by the partner and out of line, but not yet recorded as delivered: the store still says pending. */
    private final Set<String> acceptedUnrecorded = new HashSet<>();
    /** In line, but perhaps already sent or superseded elsewhere: read from the store before sending. */
    private final Set<String> unchecked = new HashSet<>();
    /** The most deliveries in line; beyond it they wait in the store (see {@link #takes}). */
    private final int capacity;
    private final Supersession supersession;
    /** More of the endpoint's deliveries are pending in the store than are in line: read them when the line runs low. */
    private boolean overflowed;
    /**
     * How many of the endpoint's pending deliveries wait in the store beyond the line, as counted from the records and
     * listings the line did not take: exact after a full listing, possibly high by records read again after a
     * rebalance, and exact again (zero) once the line has caught up with the store.
     */
    private long beyondLine;
    /** The partner whose endpoint this is, known from its first delivery. */
    private String partnerId;
    /** The timer that wakes the queue when its earliest waiting head is due, and when that is. */
    private ScheduledFuture<?> wake;
    private Instant wakeAt;

    /**
     * @param supersession records the deliveries a "latest state only" one supersedes, before they leave the line
     */
    EndpointQueue(int capacity, Supersession supersession) {
        if (capacity < 2) {
            throw new IllegalArgumentException("an endpoint's queue must hold at least 2 deliveries: " + capacity);
        }
        this.capacity = capacity;
        this.supersession = supersession;
    }

    /**
     * Records in the store that older deliveries of a subject will not be sent, because a newer one of theirs, "latest
     * state only", is in line. They leave the line only when it did: otherwise a later reading of the store would put
     * them in line again after the newer one had gone, and the partner would get an older state last.
     */
    @FunctionalInterface
    interface Supersession {

        /** @return whether the store now says superseded; when false they stay in line and go, in order */
        boolean recorded(List<Delivery> older);
    }

    /**
     * Whether a delivery read from the topic goes in line. Once the line is full it does not, nor does any after it
     * until the store has been read again ({@link #readFromStore}): the line then stays the oldest part of the
     * endpoint's pending deliveries, so every subject's line is a prefix of its revisions and order holds. The
     * delivery is in the store before its record is on the topic, so nothing is lost by leaving it there.
     */
    boolean takes() {
        if (byId.size() >= capacity) {
            overflowed = true;
        }
        return !overflowed;
    }

    /** A delivery read from the topic or the store's full listing: put in line if the line {@link #takes} it. */
    boolean offer(Delivery delivery, boolean vouchedFor) {
        partnerId = delivery.partnerId();
        if (!takes()) {
            beyondLine++;
            return false;
        }
        return add(delivery, vouchedFor);
    }

    /** Whether the store holds deliveries that are not in line and the line has run low: time to read them. */
    boolean wantsMoreFromStore() {
        return overflowed && byId.size() <= capacity / 2;
    }

    /**
     * How many of the endpoint's oldest pending deliveries to read from the store to fill the line: the line's
     * capacity, and as many more as the partner has accepted and are still being recorded, because the store still
     * lists those as pending, among the oldest, and they do not go in line.
     */
    int readLimit() {
        return capacity + acceptedUnrecorded.size();
    }

    /**
     * The endpoint's oldest pending deliveries as stored, read with {@link #readLimit} as the limit, go in line (those
     * already there keep their place and take the stored state) until the line is full; when fewer came than asked,
     * the store holds no more than the line.
     */
    void readFromStore(List<Delivery> oldestPending) {
        long added = 0;
        boolean full = false;
        for (Delivery stored : oldestPending) {
            partnerId = stored.partnerId();
            if (byId.containsKey(stored.id())) {
                update(stored);
            } else if (full || byId.size() >= capacity) {
                // and nothing after it either, though a superseded one made room: the line stays a prefix
                full = true;
            } else if (add(stored, true)) {
                added++;
            }
        }
        overflowed = full || oldestPending.size() >= readLimit();
        beyondLine = overflowed ? Math.max(0, beyondLine - added) : 0;
    }

    /**
     * Puts a delivery in line; {@code vouchedFor} when the queue's copy is known to match the store (read from it, or
     * created since this instance owns the endpoint), otherwise its stored state is read before it is sent. A
     * "latest state only" delivery takes the place of the older ones of its subject that are not in flight, as the
     * fan-out does in the store.
     *
     * @return false when the queue has it already (a record read again, or loaded and then read), or when the
     *         partner has accepted it and it is being recorded
     */
    boolean add(Delivery delivery, boolean vouchedFor) {
        if (acceptedUnrecorded.contains(delivery.id()) || byId.putIfAbsent(delivery.id(), delivery) != null) {
            return false;
        }
        NavigableSet<Delivery> line = bySubject.computeIfAbsent(delivery.subject(), subject -> new TreeSet<>(IN_ORDER));
        if (delivery.latestOnly()) {
            supersedeOlder(line, delivery);
        }
        line.add(delivery);
        if (!vouchedFor) {
            unchecked.add(delivery.id());
        }
        return true;
    }

    private void supersedeOlder(NavigableSet<Delivery> line, Delivery newer) {
        String goingNow = inFlight.get(newer.subject());
        List<Delivery> superseded = new ArrayList<>();
        for (Delivery older : line) {
            if (!older.id().equals(goingNow) && older.latestOnly() && older.sequence() < newer.sequence()) {
                superseded.add(older);
            }
        }
        if (superseded.isEmpty() || !supersession.recorded(List.copyOf(superseded))) {
            return;
        }
        for (Delivery older : superseded) {
            line.remove(older);
            byId.remove(older.id());
            unchecked.remove(older.id());
        }
    }

    /** Whether the delivery's stored state must be read before it is sent. */
    boolean unchecked(String deliveryId) {
        return unchecked.contains(deliveryId);
    }

    /** Its stored state was read (and taken with {@link #update}). */
    void checked(String deliveryId) {
        unchecked.remove(deliveryId);
    }

    /** Up to {@code count} deliveries in line behind {@code delivery}, in its subject: those that go after it. */
    List<Delivery> behind(Delivery delivery, int count) {
        NavigableSet<Delivery> line = bySubject.get(delivery.subject());
        if (line == null) {
            return List.of();
        }
        List<Delivery> next = new ArrayList<>(count);
        for (Delivery waiting : line.tailSet(delivery, false)) {
            if (next.size() == count) {
                break;
            }
            next.add(waiting);
        }
        return next;
    }

    /** Takes the stored state of a delivery in line (attempts, next attempt time); its place stays. */
    void update(Delivery stored) {
        Delivery listed = byId.get(stored.id());
        if (listed == null) {
            return;
        }
        NavigableSet<Delivery> line = bySubject.get(listed.subject());
        line.remove(listed);
        // the place in line is that of the listing, which may be the copy from the topic
        Delivery placed = new Delivery(stored.id(), stored.partnerId(), stored.endpointId(), stored.eventId(),
                stored.eventType(), stored.subject(), stored.sequence(), stored.status(), stored.attempts(),
                stored.nextAttemptAt(), listed.createdAt(), stored.deliveredAt(), stored.lastStatusCode(),
                stored.lastError(), stored.latestOnly(), stored.replayId());
        line.add(placed);
        byId.put(placed.id(), placed);
    }

    void remove(String deliveryId) {
        unchecked.remove(deliveryId);
        Delivery listed = byId.remove(deliveryId);
        if (listed == null) {
            return;
        }
        NavigableSet<Delivery> line = bySubject.get(listed.subject());
        line.remove(listed);
        if (line.isEmpty()) {
            bySubject.remove(listed.subject());
        }
    }

    /**
     * The first delivery of every subject that has nothing in flight, oldest line first, found as the caller goes: a
     * caller that stops after a few costs a few. Lines must not be removed while it is in use (see {@link #remove}).
     */
    Iterable<Delivery> heads() {
        return () -> bySubject.entrySet().stream()
                .filter(line -> !inFlight.containsKey(line.getKey()))
                .map(line -> line.getValue().first())
                .iterator();
    }

    void started(Delivery delivery) {
        inFlight.put(delivery.subject(), delivery.id());
    }

    void finished(Delivery delivery) {
        inFlight.remove(delivery.subject(), delivery.id());
    }

    /**
     * The partner accepted the delivery: it leaves its line, so the next of its subject may go now, before the store
     * has recorded it (the recording is batched; waiting for it would make every subject's revisions wait for a round
     * of writes). Until {@link #recorded} or {@link #notRecorded}, reading it again as pending does not queue it.
     */
    void accepted(Delivery delivery) {
        finished(delivery);
        remove(delivery.id());
        acceptedUnrecorded.add(delivery.id());
    }

    /**
     * The accepted delivery is recorded: the store no longer lists it as pending. While it did, it held a place among
     * the oldest pending that a reading of the store returned, so a line that ran low meanwhile may have read nothing
     * new: the caller reads again when {@link #wantsMoreFromStore} says so, or nothing wakes the endpoint.
     */
    void recorded(String deliveryId) {
        acceptedUnrecorded.remove(deliveryId);
    }

    /**
     * Its recording failed, so the store still says pending: it goes into line again and is sent again with the
     * same webhook-id (the partner de-duplicates), perhaps after a later revision of its subject went.
     */
    void notRecorded(Delivery pendingAgain) {
        acceptedUnrecorded.remove(pendingAgain.id());
        add(pendingAgain, true);
    }

    int size() {
        return byId.size();
    }

    /**
     * The endpoint's pending deliveries (in line, in flight, and waiting in the store beyond the line) and when the
     * oldest of them was created; null when it has none. The line is the oldest part of the backlog, so the oldest is
     * the first of one of its subjects' lines.
     */
    DeliveryMetrics.Backlog backlog() {
        long pending = byId.size() + beyondLine;
        if (pending == 0) {
            return null;
        }
        Instant oldest = bySubject.values().stream().map(line -> line.first().createdAt())
                .min(Comparator.naturalOrder()).orElse(null);
        return new DeliveryMetrics.Backlog(pending, oldest);
    }

    /** The partner whose endpoint this is; null until a delivery of it was seen. */
    String partnerId() {
        return partnerId;
    }

    /** Keeps the earlier of the current timer and one at {@code at}; the caller makes the timer. */
    boolean wakesLaterThan(Instant at) {
        return wake == null || wake.isDone() || wakeAt.isAfter(at);
    }

    void wakeAt(Instant at, ScheduledFuture<?> timer) {
        if (wake != null) {
            wake.cancel(false);
        }
        wake = timer;
        wakeAt = at;
    }

    /** The endpoint is no longer this instance's: no timer may fire for it. */
    void drop() {
        if (wake != null) {
            wake.cancel(false);
        }
    }
}
