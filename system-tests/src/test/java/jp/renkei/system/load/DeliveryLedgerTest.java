package jp.renkei.system.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeliveryLedgerTest {

    @Test
    void aWebhookIdThatComesAgainIsARawDuplicateNotASecondDelivery() {
        DeliveryLedger ledger = new DeliveryLedger();
        DeliveryLedger.Mark start = ledger.mark();
        ledger.record("evt-1", "m#2");
        ledger.record("evt-1", "m#2");
        ledger.record("evt-2", "m#3");
        ledger.record("tally-1", null);

        assertThat(ledger.arrivalsSince(start)).isEqualTo(4);
        assertThat(ledger.rawDuplicatesSince(start)).isEqualTo(1);
        assertThat(ledger.missing(List.of("m#2", "m#3", "m#4"))).containsExactly("m#4");
        assertThat(ledger.countArrived(List.of("m#2", "m#3", "m#4"))).isEqualTo(2);
        assertThat(ledger.keysUnderSeveralIds(List.of("m#2", "m#3"))).isEmpty();
        assertThat(ledger.outOfOrder()).isEmpty();

        DeliveryLedger.Mark later = ledger.mark();
        ledger.record("evt-2", "m#3");
        assertThat(ledger.rawDuplicatesSince(later)).isEqualTo(1);
    }

    @Test
    void oneRevisionUnderTwoWebhookIdsIsTwoEventsForOneChange() {
        DeliveryLedger ledger = new DeliveryLedger();
        ledger.record("evt-1", "m#2");
        ledger.record("evt-1-again", "m#2");

        assertThat(ledger.keysUnderSeveralIds(List.of("m#2"))).isEqualTo(Map.of("m#2", Set.of("evt-1", "evt-1-again")));
    }

    @Test
    void aMeasureIsOutOfOrderWhenALaterVersionFirstArrivedBeforeAnEarlierOne() {
        DeliveryLedger ledger = new DeliveryLedger();
        ledger.record("a2", "a#2");
        ledger.record("b3", "b#3");
        ledger.record("a3", "a#3");
        ledger.record("b2", "b#2");
        // a repeat of an earlier version is no new first arrival
        ledger.record("a2", "a#2");

        assertThat(ledger.outOfOrder()).isEqualTo(Map.of("b", List.of(3L, 2L)));
    }
}
