package jp.renkei.consultation.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import jp.renkei.contracts.consultation.ConsultationTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A case's own rules: when it takes opinions (open, and within its period by the clock), which steps its status may
 * take, how its deadline may move, and how a revision of a targeted measure is flagged. Refusals are asserted as
 * refusals, not by the exception's class, which the domain may rename.
 */
class ConsultationTest {

    private static final LocalDate PUBLICATION = LocalDate.of(2026, 12, 1);
    private static final LocalDate DEADLINE = LocalDate.of(2026, 12, 30);
    private static final Instant OPENS = ConsultationPeriod.opensAt(PUBLICATION);
    private static final Instant CLOSES = ConsultationPeriod.closesAt(DEADLINE);
    private static final Instant AT = Instant.parse("2026-12-06T00:00:00Z");

    @ParameterizedTest(name = "{0} at {1}: takes opinions {2}")
    @CsvSource(textBlock = """
            OPEN,              2026-11-30T14:59:59.999Z, false
            OPEN,              2026-11-30T15:00:00Z,     true
            OPEN,              2026-12-15T00:00:00Z,     true
            OPEN,              2026-12-30T14:59:59.999Z, true
            OPEN,              2026-12-30T15:00:00Z,     false
            DRAFT,             2026-12-15T00:00:00Z,     false
            CLOSED,            2026-12-15T00:00:00Z,     false
            ABANDONED,         2026-12-15T00:00:00Z,     false
            RESULTS_PUBLISHED, 2026-12-15T00:00:00Z,     false
            """)
    void takesOpinionsOnlyWhileOpenFromMidnightOfPublicationToMidnightAfterTheDeadline(ConsultationStatus status,
                                                                                       Instant now, boolean takes) {
        assertThat(consultation(status).acceptsOpinionsAt(now)).isEqualTo(takes);
    }

    @Test
    void eachStepMovesTheVersionOnAndRecordsWhen() {
        Consultation opened = consultation(ConsultationStatus.DRAFT).opened(AT);
        assertThat(opened.status()).isEqualTo(ConsultationStatus.OPEN);
        assertThat(opened.openedAt()).isEqualTo(AT);
        assertThat(opened.version()).isEqualTo(2);

        Instant later = AT.plusSeconds(60);
        Consultation closed = opened.closed(later);
        assertThat(closed.status()).isEqualTo(ConsultationStatus.CLOSED);
        assertThat(closed.openedAt()).isEqualTo(AT);
        assertThat(closed.closedAt()).isEqualTo(later);
        assertThat(closed.version()).isEqualTo(3);

        Consultation published = closed.resultsPublished(later.plusSeconds(60));
        assertThat(published.status()).isEqualTo(ConsultationStatus.RESULTS_PUBLISHED);
        assertThat(published.resultsPublishedAt()).isEqualTo(later.plusSeconds(60));
        assertThat(published.closedAt()).isEqualTo(later);
    }

    @Test
    void anAbandonedCaseKeepsWhyAndWhatItWasBefore() {
        Consultation abandoned = consultation(ConsultationStatus.OPEN).abandoned("計画の見直しのため", AT);

        assertThat(abandoned.status()).isEqualTo(ConsultationStatus.ABANDONED);
        assertThat(abandoned.abandonment()).isEqualTo(new Abandonment("計画の見直しのため", ConsultationStatus.OPEN, AT));
        assertThat(abandoned.version()).isEqualTo(2);
    }

    @Test
    void refusesAStepItsStatusDoesNotAllow() {
        assertThatThrownBy(() -> consultation(ConsultationStatus.DRAFT).closed(AT)).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> consultation(ConsultationStatus.OPEN).opened(AT)).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> consultation(ConsultationStatus.OPEN).resultsPublished(AT))
                .isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> consultation(ConsultationStatus.RESULTS_PUBLISHED).abandoned("遅すぎる", AT))
                .isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> consultation(ConsultationStatus.ABANDONED).opened(AT))
                .isInstanceOf(RuntimeException.class);
    }

    @ParameterizedTest
    @EnumSource(value = ConsultationStatus.class, names = {"DRAFT", "OPEN"})
    void aDeadlineMovesOnlyLaterAndItsPeriodEndsWithIt(ConsultationStatus status) {
        Consultation extended = consultation(status).extended(DEADLINE.plusDays(1));

        assertThat(extended.deadline()).isEqualTo(DEADLINE.plusDays(1));
        assertThat(extended.closesAt()).isEqualTo(CLOSES.plusSeconds(86_400));
        assertThat(extended.status()).isEqualTo(status);
        assertThat(extended.version()).isEqualTo(2);
        assertThatThrownBy(() -> consultation(status).extended(DEADLINE)).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> consultation(status).extended(DEADLINE.minusDays(1)))
                .isInstanceOf(RuntimeException.class);
    }

    @ParameterizedTest
    @EnumSource(value = ConsultationStatus.class, names = {"CLOSED", "RESULTS_PUBLISHED", "ABANDONED"})
    void aCaseThatClosedHasNoDeadlineToMove(ConsultationStatus status) {
        assertThatThrownBy(() -> consultation(status).extended(DEADLINE.plusDays(7)))
                .isInstanceOf(RuntimeException.class);
    }

    @Test
    void aRevisionIsFlaggedOnceAndALaterOneAgain() {
        Consultation open = consultation(ConsultationStatus.OPEN);
        RevisionFlag toVersion5 = new RevisionFlag("5-2-2", 5, "event-5", AT);

        Consultation flagged = open.flagged(toVersion5);
        assertThat(flagged.revisionFlags()).containsExactly(toVersion5);
        assertThat(flagged.version()).isEqualTo(2);
        assertThat(flagged.status()).isEqualTo(ConsultationStatus.OPEN);

        assertThat(flagged.flagged(new RevisionFlag("5-2-2", 5, "event-5-again", AT))).isSameAs(flagged);
        assertThat(flagged.flagged(new RevisionFlag("5-2-2", 4, "event-4", AT))).isSameAs(flagged);
        assertThat(flagged.flagged(new RevisionFlag("5-2-2", 6, "event-6", AT)).revisionFlags()).hasSize(2);
        assertThat(flagged.flagged(new RevisionFlag("5-2-1", 5, "event-other", AT)).revisionFlags()).hasSize(2);
    }

    @Test
    void targetsExactlyItsMeasures() {
        Consultation consultation = consultation(ConsultationStatus.OPEN);

        assertThat(consultation.measureIds()).containsExactly("5-2-2", "5-1-3");
        assertThat(consultation.targets("5-1-3")).isTrue();
        assertThat(consultation.targets("5-1-1")).isFalse();
    }

    private static Consultation consultation(ConsultationStatus status) {
        return new Consultation("c-1", "PC-2026-001", "広域連携の見直し", "概要", "abashiri-comprehensive-plan", 5, null,
                List.of(new ConsultationTarget("5-2-2", 3, List.of(), List.of()),
                        new ConsultationTarget("5-1-3", 2, List.of(), List.of())),
                List.of("広域連携"), "網走市パブリックコメント手続条例", "企画総務部", "0152-44-6111", PUBLICATION, DEADLINE, null,
                OPENS, CLOSES, List.of(), status, 1, Instant.parse("2026-11-20T00:00:00Z"), "editor", null, null, null,
                null, List.of());
    }
}
