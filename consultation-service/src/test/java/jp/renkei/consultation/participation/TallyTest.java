package jp.renkei.consultation.participation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class TallyTest {

    private static final Instant AT = Instant.parse("2026-03-31T14:59:59Z");

    @Test
    void theFiscalYearRunsFromAprilToMarchInJapan() {
        assertThat(Contribution.opinion("o", "plan", List.of("5-1-3"), AT).fiscalYear())
                .as("23:59:59 on 31 March in Japan").isEqualTo(2025);
        assertThat(Contribution.opinion("o", "plan", List.of("5-1-3"), AT.plusSeconds(1)).fiscalYear())
                .as("0:00 on 1 April in Japan, still 31 March in UTC").isEqualTo(2026);
        assertThat(Contribution.hearingRecord("h", "plan", List.of("5-1-3"), LocalDate.of(2026, 1, 15)).fiscalYear())
                .isEqualTo(2025);
    }

    @Test
    void aContributionCountsOnceInEachMeasuresTally() {
        Contribution twoMeasures = Contribution.opinion("o", "plan", List.of("5-1-3", "5-2-2", "5-1-3"), AT);
        assertThat(twoMeasures.tallyIds()).containsExactly("participation/plan/5-1-3/2025",
                "participation/plan/5-2-2/2025");
        assertThat(twoMeasures.key()).isEqualTo("OPINION:o");
    }

    @Test
    void countingTakesTheReservationAwayAndRemembersABoundedNumberOfCountedKeys() {
        Tally tally = new Tally("participation/plan/5-1-3/2025", "plan", "5-1-3", 2025, 0, 0, 0,
                List.of(new Tally.Reservation("OPINION:o", Contribution.Kind.OPINION, "o", AT),
                        new Tally.Reservation("HEARING_RECORD:h", Contribution.Kind.HEARING_RECORD, "h", AT)),
                List.of(), null);
        Tally counted = tally.counting(Contribution.Kind.OPINION, "OPINION:o", AT);
        assertThat(counted.opinions()).isEqualTo(1);
        assertThat(counted.hearingRecords()).isZero();
        assertThat(counted.version()).isEqualTo(1);
        assertThat(counted.reserved("OPINION:o")).isFalse();
        assertThat(counted.reserved("HEARING_RECORD:h")).isTrue();
        assertThat(counted.recentlyCounted()).containsExactly("OPINION:o");

        for (int i = 0; i < Tally.REMEMBERED + 10; i++) {
            counted = counted.counting(Contribution.Kind.HEARING_RECORD, "HEARING_RECORD:" + i, AT);
        }
        assertThat(counted.recentlyCounted()).hasSize(Tally.REMEMBERED).doesNotContain("OPINION:o")
                .endsWith("HEARING_RECORD:" + (Tally.REMEMBERED + 9));
        assertThat(counted.hearingRecords()).isEqualTo(Tally.REMEMBERED + 10);
    }
}
