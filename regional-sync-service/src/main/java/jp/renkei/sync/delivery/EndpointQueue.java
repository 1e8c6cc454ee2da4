package jp.renkei.sync.delivery;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
    private final Set<String> subjectsInFlight = new HashSet<>();
    /** The timer that wakes the queue when its earliest waiting head is due, and when that is. */
    private ScheduledFuture<?> wake;
    private Instant wakeAt;

    /** False when the queue has it already (a record read again, or loaded and then read). */
    boolean add(Delivery delivery) {
        if (byId.putIfAbsent(delivery.id(), delivery) != null) {
            return false;
        }
        bySubject.computeIfAbsent(delivery.subject(), subject -> new TreeSet<>(IN_ORDER)).add(delivery);
        return true;
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
                .filter(line -> !subjectsInFlight.contains(line.getKey()))
                .map(line -> line.getValue().first())
                .iterator();
    }

    void started(Delivery delivery) {
        subjectsInFlight.add(delivery.subject());
    }

    void finished(Delivery delivery) {
        subjectsInFlight.remove(delivery.subject());
    }

    int size() {
        return byId.size();
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
