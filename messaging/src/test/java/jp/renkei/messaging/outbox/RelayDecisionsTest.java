package jp.renkei.messaging.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import jp.renkei.messaging.outbox.RelayDecisions.Work;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RelayDecisionsTest {

    private static final List<OutboxEvent> STORED = List.of(event("a", 3L), event("a", 4L), event("a", 5L));

    static Stream<Arguments> toPublish() {
        return Stream.of(
                // lane knows nothing of the aggregate: the store, whatever was handed over
                Arguments.of(null, null, List.of(3L, 4L, 5L), 1),
                Arguments.of(null, List.of(5L), List.of(3L, 4L, 5L), 1),
                // handed over right after what was published: no read
                Arguments.of(2L, List.of(3L), List.of(3L), 0),
                Arguments.of(2L, List.of(3L, 4L), List.of(3L, 4L), 0),
                // a gap (another instance wrote in between): the store, without what was published
                Arguments.of(3L, List.of(5L), List.of(4L, 5L), 1),
                // asked to read the store: the store, without what was published
                Arguments.of(4L, null, List.of(5L), 1),
                Arguments.of(5L, null, List.of(), 1),
                // handed over again what was published already: the store, nothing of it again
                Arguments.of(5L, List.of(5L), List.of(), 1));
    }

    @ParameterizedTest(name = "last {0}, handed over {1} -> {2} ({3} reads)")
    @MethodSource
    void toPublish(Long lastPublished, List<Long> handedOver, List<Long> expected, int reads) {
        AtomicInteger storeReads = new AtomicInteger();

        List<OutboxEvent> published = RelayDecisions.toPublish(lastPublished,
                handedOver == null ? null : handedOver.stream().map(sequence -> event("a", sequence)).toList(),
                () -> {
                    storeReads.incrementAndGet();
                    return STORED;
                });

        assertThat(published).extracting(OutboxEvent::sequence).isEqualTo(expected);
        assertThat(storeReads).hasValue(reads);
    }

    @Test
    void eventsWithoutASequenceAreNeverLeftOut() {
        List<OutboxEvent> notices = List.of(event("d", null), event("d", null));

        assertThat(RelayDecisions.toPublish(7L, null, () -> notices)).hasSize(2);
        assertThat(RelayDecisions.toPublish(7L, notices, () -> notices)).hasSize(2);
    }

    static Stream<Arguments> follows() {
        return Stream.of(
                Arguments.of(2L, new Long[] {3L}, true),
                Arguments.of(2L, new Long[] {3L, 4L, 5L}, true),
                Arguments.of(2L, new Long[] {}, true),
                Arguments.of(2L, new Long[] {4L}, false),
                Arguments.of(2L, new Long[] {2L}, false),
                Arguments.of(2L, new Long[] {3L, 5L}, false),
                Arguments.of(2L, new Long[] {3L, 3L}, false),
                Arguments.of(2L, new Long[] {3L, null}, false),
                Arguments.of(2L, new Long[] {null}, false));
    }

    @ParameterizedTest(name = "after {0}: {1} follows = {2}")
    @MethodSource
    void follows(long last, Long[] sequences, boolean expected) {
        assertThat(RelayDecisions.follows(last, Arrays.stream(sequences).map(sequence -> event("a", sequence))
                .toList())).isEqualTo(expected);
    }

    @Test
    void aBatchIsGroupedByAggregateInArrivalOrderEachInSequenceOrder() {
        Map<String, List<OutboxEvent>> grouped = RelayDecisions.byAggregate(List.of(
                new Work("b", event("b", 2L)), new Work("a", event("a", 8L)), new Work("b", event("b", 1L)),
                new Work("a", event("a", 7L))));

        assertThat(grouped.keySet()).containsExactly("b", "a");
        assertThat(grouped.get("b")).extracting(OutboxEvent::sequence).containsExactly(1L, 2L);
        assertThat(grouped.get("a")).extracting(OutboxEvent::sequence).containsExactly(7L, 8L);
    }

    @Test
    void anAggregateAskedForWithoutAnEventIsReadFromTheStore() {
        Map<String, List<OutboxEvent>> grouped = RelayDecisions.byAggregate(List.of(
                new Work("a", event("a", 1L)), new Work("a", null), new Work("b", event("b", 4L))));

        assertThat(grouped).containsEntry("a", null);
        assertThat(grouped.get("b")).extracting(OutboxEvent::sequence).containsExactly(4L);
    }

    @Test
    void eventsWithoutASequenceKeepTheOrderTheyWereAddedIn() {
        OutboxEvent first = event("d", null);
        OutboxEvent second = event("d", null);

        assertThat(RelayDecisions.byAggregate(List.of(new Work("d", first), new Work("d", second))).get("d"))
                .containsExactly(first, second);
    }

    static Stream<Arguments> leaseNeedsNoRenewal() {
        long lease = Duration.ofSeconds(10).toNanos();
        return Stream.of(
                Arguments.of(0L, lease, true),
                Arguments.of(lease / 2 - 1, lease, true),
                Arguments.of(lease / 2, lease, false),
                Arguments.of(lease, lease, false),
                Arguments.of(lease + 1, lease, false),
                // never taken
                Arguments.of(0L, 0L, false));
    }

    @ParameterizedTest(name = "now {0}, leased until {1} -> no renewal {2}")
    @MethodSource
    void leaseNeedsNoRenewal(long now, long leasedUntil, boolean expected) {
        assertThat(RelayDecisions.leaseNeedsNoRenewal(now, leasedUntil, Duration.ofSeconds(10))).isEqualTo(expected);
    }

    private static OutboxEvent event(String aggregate, Long sequence) {
        return new OutboxEvent(aggregate + "-" + sequence + "-" + System.nanoTime(), "t", "/s", null, aggregate,
                sequence, Instant.EPOCH, "{}");
    }
}
