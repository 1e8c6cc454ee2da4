package jp.renkei.consultation.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import jp.renkei.consultation.refusal.InvalidFieldException;
import org.junit.jupiter.api.Test;

class ConsultationPeriodTest {

    private static final LocalDate PUBLICATION = LocalDate.of(2026, 12, 1);

    @Test
    void thirtyDaysCountTheDayOfPublication() {
        assertThat(ConsultationPeriod.days(PUBLICATION, LocalDate.of(2026, 12, 30))).isEqualTo(30);
        ConsultationPeriod.check(PUBLICATION, LocalDate.of(2026, 12, 30), null);
        assertThatThrownBy(() -> ConsultationPeriod.check(PUBLICATION, LocalDate.of(2026, 12, 29), null))
                .isInstanceOf(InvalidFieldException.class).hasMessageContaining("29 days");
        assertThatThrownBy(() -> ConsultationPeriod.check(PUBLICATION, LocalDate.of(2026, 12, 29), "  "))
                .isInstanceOf(InvalidFieldException.class);
        ConsultationPeriod.check(PUBLICATION, LocalDate.of(2026, 12, 10), "緊急を要するため");
        assertThatThrownBy(() -> ConsultationPeriod.check(PUBLICATION, LocalDate.of(2026, 11, 30), "理由"))
                .isInstanceOf(InvalidFieldException.class).hasMessageContaining("before");
    }

    @Test
    void thePeriodRunsFromMidnightToMidnightJapanTime() {
        assertThat(ConsultationPeriod.opensAt(PUBLICATION)).isEqualTo(Instant.parse("2026-11-30T15:00:00Z"));
        assertThat(ConsultationPeriod.closesAt(LocalDate.of(2026, 12, 30))).isEqualTo(Instant.parse("2026-12-30T15:00:00Z"));
    }
}
