package jp.renkei.sync.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointQueueTest {

    private static final Instant T0 = Instant.parse("2026-12-05T00:00:00Z");

    private final EndpointQueue queue = new EndpointQueue();

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
        queue.accepted(v1);
        assertThat(ids(queue.heads())).containsExactly("m1-v3", "m2-v1");
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
