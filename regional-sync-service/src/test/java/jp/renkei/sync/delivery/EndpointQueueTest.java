package jp.renkei.sync.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointQueueTest {

    private static final Instant T0 = Instant.parse("2026-12-05T00:00:00Z");

    /** What the queue recorded as superseded, in the calls it made. */
    private final List<List<String>> superseded = new ArrayList<>();
    private boolean storeRecords = true;
    private final EndpointQueue queue = new EndpointQueue(100, this::recordSuperseded);

    private boolean recordSuperseded(List<Delivery> older) {
        if (storeRecords) {
            superseded.add(ids(older));
        }
        return storeRecords;
    }

    @Test
    void onlyTheFirstOfEachSubjectIsAHeadInTheOrderTheyWereCreated() {
        queue.add(delivery("m1-v2", "m1", 2, 2), true);
        queue.add(delivery("m2-v1", "m2", 1, 1), true);
        queue.add(delivery("m1-v1", "m1", 1, 0), true);

        assertThat(ids(queue.heads())).containsExactly("m1-v1", "m2-v1");
    }

    @Test
    void aSubjectInFlightHasNoHeadUntilItsDeliveryIsOver() {
        Delivery first = delivery("m1-v1", "m1", 1, 0);
        queue.add(first, true);
        queue.add(delivery("m1-v2", "m1", 2, 1), true);
        queue.add(delivery("m2-v1", "m2", 1, 2), true);

        queue.started(first);

        assertThat(ids(queue.heads())).containsExactly("m2-v1");
    }

    @Test
    void anAcceptedDeliveryLetsTheNextOfItsSubjectGoBeforeItIsRecorded() {
        Delivery first = delivery("m1-v1", "m1", 1, 0);
        queue.add(first, true);
        queue.add(delivery("m1-v2", "m1", 2, 1), true);
        queue.started(first);

        queue.accepted(first);

        assertThat(ids(queue.heads())).containsExactly("m1-v2");
        assertThat(queue.size()).isEqualTo(1);
    }

    @Test
    void whileAnAcceptedDeliveryIsBeingRecordedReadingItAgainAsPendingDoesNotQueueIt() {
        Delivery first = delivery("m1-v1", "m1", 1, 0);
        queue.add(first, true);
        queue.started(first);
        queue.accepted(first);

        assertThat(queue.add(first, true)).isFalse();
        assertThat(queue.size()).isZero();

        queue.recorded(first.id());
        assertThat(queue.add(first, true)).as("once recorded, the store decides again").isTrue();
    }

    @Test
    void anAcceptedDeliveryWhoseRecordingFailedGoesIntoLineAgainInItsPlace() {
        Delivery first = delivery("m1-v1", "m1", 1, 0);
        queue.add(first, true);
        queue.add(delivery("m1-v2", "m1", 2, 1), true);
        queue.started(first);
        queue.accepted(first);

        queue.notRecorded(first);

        assertThat(ids(queue.heads())).containsExactly("m1-v1");
        assertThat(queue.size()).isEqualTo(2);
    }

    @Test
    void onlyADeliveryTheQueueCannotVouchForIsCheckedUntilItsStoredStateWasRead() {
        queue.add(delivery("m1-v1", "m1", 1, 0), true);
        queue.add(delivery("m2-v1", "m2", 1, 1), false);

        assertThat(queue.unchecked("m1-v1")).isFalse();
        assertThat(queue.unchecked("m2-v1")).isTrue();

        queue.checked("m2-v1");
        assertThat(queue.unchecked("m2-v1")).isFalse();
    }

    @Test
    void aLatestStateOnlyDeliveryTakesThePlaceOfTheOlderOnesOfItsSubjectExceptTheOneInFlight() {
        Delivery v1 = latestOnly("m1-v1", "m1", 1, 0);
        queue.add(v1, true);
        queue.started(v1);
        queue.add(latestOnly("m1-v2", "m1", 2, 1), true);
        queue.add(delivery("m2-v1", "m2", 1, 2), true);

        queue.add(latestOnly("m1-v3", "m1", 3, 3), true);

        assertThat(queue.size()).as("v2 is superseded; v1 is in flight, m2 is another subject").isEqualTo(3);
        assertThat(superseded).containsExactly(List.of("m1-v2"));
        queue.accepted(v1);
        assertThat(ids(queue.heads())).containsExactly("m1-v3", "m2-v1");
    }

    @Test
    void olderDeliveriesTheStoreCouldNotRecordAsSupersededStayInLineAndGoInOrder() {
        storeRecords = false;
        queue.add(latestOnly("m1-v1", "m1", 1, 0), true);
        queue.add(latestOnly("m1-v2", "m1", 2, 1), true);

        assertThat(queue.size()).isEqualTo(2);
        assertThat(ids(queue.heads())).containsExactly("m1-v1");
        assertThat(ids(queue.behind(queue.heads().iterator().next(), 8))).containsExactly("m1-v2");
    }

    @Test
    void theBacklogCountsTheLineAndWhatTheFullLineLeftInTheStoreUntilTheLineHasCaughtUp() {
        EndpointQueue small = new EndpointQueue(4, this::recordSuperseded);
        assertThat(small.backlog()).as("nothing pending").isNull();
        for (int version = 1; version <= 7; version++) {
            small.offer(delivery("m1-v" + version, "m1", version, version), true);
        }
        assertThat(small.backlog()).isEqualTo(new DeliveryMetrics.Backlog(7, T0.plusSeconds(1)));
        assertThat(small.partnerId()).isEqualTo("ozora");

        small.remove("m1-v1");
        small.remove("m1-v2");
        small.readFromStore(List.of(delivery("m1-v3", "m1", 3, 3), delivery("m1-v4", "m1", 4, 4),
                delivery("m1-v5", "m1", 5, 5), delivery("m1-v6", "m1", 6, 6)));
        assertThat(small.backlog()).as("v3–v6 in line, v7 in the store")
                .isEqualTo(new DeliveryMetrics.Backlog(5, T0.plusSeconds(3)));

        small.remove("m1-v3");
        small.remove("m1-v4");
        small.offer(delivery("m1-v7", "m1", 7, 7), false);
        assertThat(small.backlog().pending()).as("v7's record read again while the store is ahead of the line: counted twice")
                .isEqualTo(4);
        small.readFromStore(List.of(delivery("m1-v5", "m1", 5, 5), delivery("m1-v6", "m1", 6, 6),
                delivery("m1-v7", "m1", 7, 7)));
        assertThat(small.backlog()).as("the store had no more than the line: exact again")
                .isEqualTo(new DeliveryMetrics.Backlog(3, T0.plusSeconds(5)));
    }

    @Test
    void aLatestStateOnlyDeliveryArrivingWhileNothingOfItsSubjectIsInFlightLeavesOnlyItselfInLine() {
        queue.add(latestOnly("m1-v1", "m1", 1, 0), true);
        queue.add(latestOnly("m1-v2", "m1", 2, 1), true);

        assertThat(ids(queue.heads())).containsExactly("m1-v2");
        assertThat(queue.size()).isEqualTo(1);
    }

    @Test
    void theDeliveriesBehindOneAreThoseOfItsSubjectInOrder() {
        Delivery first = delivery("m1-v1", "m1", 1, 0);
        queue.add(first, true);
        queue.add(delivery("m2-v1", "m2", 1, 1), true);
        queue.add(delivery("m1-v3", "m1", 3, 3), true);
        queue.add(delivery("m1-v2", "m1", 2, 2), true);

        assertThat(ids(queue.behind(first, 8))).containsExactly("m1-v2", "m1-v3");
        assertThat(ids(queue.behind(first, 1))).containsExactly("m1-v2");
    }

    @Test
    void aFullLineTakesNothingMoreUntilTheStoreWasReadAgainSoItStaysTheOldestPartOfTheBacklog() {
        EndpointQueue small = new EndpointQueue(4, this::recordSuperseded);
        for (int version = 1; version <= 4; version++) {
            assertThat(small.takes()).isTrue();
            small.add(delivery("m1-v" + version, "m1", version, version), true);
        }

        assertThat(small.takes()).as("full").isFalse();
        small.remove("m1-v1");
        assertThat(small.takes()).as("room again, but m1-v5 was left in the store: m1-v6 must not overtake it")
                .isFalse();
        assertThat(small.wantsMoreFromStore()).as("3 of 4 in line: not low yet").isFalse();
        small.remove("m1-v2");
        assertThat(small.wantsMoreFromStore()).as("2 of 4: low").isTrue();

        small.readFromStore(List.of(delivery("m1-v3", "m1", 3, 3), delivery("m1-v4", "m1", 4, 4),
                delivery("m1-v5", "m1", 5, 5), delivery("m1-v6", "m1", 6, 6)));

        assertThat(small.size()).isEqualTo(4);
        assertThat(ids(small.behind(delivery("m1-v3", "m1", 3, 3), 8))).containsExactly("m1-v4", "m1-v5", "m1-v6");
        assertThat(small.takes()).as("the store gave as many as asked: there may be more there").isFalse();

        small.remove("m1-v3");
        small.remove("m1-v4");
        small.readFromStore(List.of(delivery("m1-v5", "m1", 5, 5), delivery("m1-v6", "m1", 6, 6),
                delivery("m1-v7", "m1", 7, 7)));
        assertThat(small.wantsMoreFromStore()).isFalse();
        assertThat(small.takes()).as("fewer than asked: the line holds all the store has, records go in again")
                .isTrue();
    }

    @Test
    void whileAcceptedDeliveriesAreBeingRecordedAReadingOfTheStoreAsksForAsManyMoreAndStillFillsTheLine() {
        EndpointQueue small = new EndpointQueue(4, this::recordSuperseded);
        for (int version = 1; version <= 5; version++) {
            small.offer(delivery("m1-v" + version, "m1", version, version), true);
        }
        for (int version = 1; version <= 3; version++) {
            Delivery accepted = delivery("m1-v" + version, "m1", version, version);
            small.started(accepted);
            small.accepted(accepted);
        }
        assertThat(small.wantsMoreFromStore()).as("1 of 4 in line").isTrue();
        assertThat(small.readLimit()).as("the 3 accepted are still pending in the store, among the oldest")
                .isEqualTo(4 + 3);

        List<Delivery> oldestPending = new ArrayList<>();
        for (int version = 1; version <= 7; version++) {
            oldestPending.add(delivery("m1-v" + version, "m1", version, version));
        }
        small.readFromStore(oldestPending);

        assertThat(ids(small.behind(delivery("m1-v4", "m1", 4, 4), 8))).containsExactly("m1-v5", "m1-v6", "m1-v7");
        assertThat(small.size()).isEqualTo(4);
        assertThat(small.takes()).as("as many came as asked: the store may hold more").isFalse();

        small.recorded("m1-v1");
        assertThat(small.readLimit()).isEqualTo(4 + 2);
    }

    @Test
    void aReadingOfTheStoreStopsAtAFullLineSoTheLineStaysTheOldestPart() {
        EndpointQueue small = new EndpointQueue(4, this::recordSuperseded);
        small.offer(delivery("m1-v1", "m1", 1, 1), true);
        Delivery accepted = delivery("m2-v1", "m2", 1, 2);
        small.offer(accepted, true);
        small.started(accepted);
        small.accepted(accepted);
        assertThat(small.readLimit()).isEqualTo(4 + 1);

        // its recording reached the store before the queue heard of it: the store lists one more of the others than
        // the line has room for
        small.readFromStore(List.of(delivery("m1-v1", "m1", 1, 1), delivery("m1-v2", "m1", 2, 3),
                delivery("m1-v3", "m1", 3, 4), delivery("m1-v4", "m1", 4, 5), delivery("m1-v5", "m1", 5, 6)));

        assertThat(small.size()).isEqualTo(4);
        assertThat(ids(small.heads())).containsExactly("m1-v1");
        assertThat(ids(small.behind(delivery("m1-v1", "m1", 1, 1), 8))).containsExactly("m1-v2", "m1-v3", "m1-v4");
        assertThat(small.takes()).as("m1-v5 was left in the store").isFalse();
    }

    @Test
    void readingTheStoreAgainTakesTheStoredStateOfADeliveryInLineWithoutMovingIt() {
        queue.add(delivery("m1-v1", "m1", 1, 0), true);
        queue.add(delivery("m1-v2", "m1", 2, 1), true);
        Delivery rescheduled = new Delivery("m1-v1", "ozora", "ozora-main", "event-m1-v1", "plan.measure.revised.v1",
                "m1", 1, Delivery.DeliveryStatus.PENDING, 2, T0.plusSeconds(60), T0, null, 503, "503", false, null);

        queue.readFromStore(List.of(rescheduled, delivery("m1-v2", "m1", 2, 1)));

        Delivery head = queue.heads().iterator().next();
        assertThat(head.id()).isEqualTo("m1-v1");
        assertThat(head.attempts()).isEqualTo(2);
        assertThat(head.nextAttemptAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(queue.size()).isEqualTo(2);
    }

    private static Delivery delivery(String id, String subject, long sequence, int createdSecond) {
        return delivery(id, subject, sequence, createdSecond, false);
    }

    private static Delivery latestOnly(String id, String subject, long sequence, int createdSecond) {
        return delivery(id, subject, sequence, createdSecond, true);
    }

    private static Delivery delivery(String id, String subject, long sequence, int createdSecond, boolean latestOnly) {
        Instant created = T0.plusSeconds(createdSecond);
        return new Delivery(id, "ozora", "ozora-main", "event-" + id, "plan.measure.revised.v1", subject, sequence,
                Delivery.DeliveryStatus.PENDING, 0, created, created, null, null, null, latestOnly, null);
    }

    private static List<String> ids(Iterable<Delivery> deliveries) {
        List<String> ids = new ArrayList<>();
        deliveries.forEach(delivery -> ids.add(delivery.id()));
        return ids;
    }
}
