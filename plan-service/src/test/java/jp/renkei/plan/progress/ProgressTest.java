package jp.renkei.plan.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressTest {

    private static final Instant AT = Instant.parse("2026-05-01T00:00:00Z");
    private static final FiscalYear R6 = new FiscalYear(2024);
    private static final FiscalYear R7 = new FiscalYear(2025);
    private static final MeasureRef MEASURE = new MeasureRef("abashiri", "plan", 5, "5-2", "5-2-2", List.of("広域連携"));

    @Test
    void aCorrectionIsANewVersionAndKeepsWhatItCorrected() {
        Progress progress = withIndicator();
        progress = progress.recordActual("i", R6, null, new BigDecimal("3"), LocalDate.of(2025, 3, 31), "市", null,
                "editor", AT, null).after();
        progress = progress.recordActual("i", R6, 1L, new BigDecimal("4"), LocalDate.of(2025, 3, 31), "市", null,
                "editor", AT, "集計誤り").after();
        assertThat(progress.actual("i", R6).orElseThrow().value()).isEqualByComparingTo("4");
        assertThat(progress.actualHistory("i", R6)).extracting(Actual::version, Actual::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, new BigDecimal("3")),
                        org.assertj.core.groups.Tuple.tuple(2L, new BigDecimal("4")));
    }

    @Test
    void aSecondActualForTheSameYearWithoutTheVersionReadIsRefused() {
        Progress progress = withIndicator().recordActual("i", R6, null, BigDecimal.ONE, LocalDate.of(2025, 3, 31),
                null, null, "editor", AT, null).after();
        assertThatThrownBy(() -> progress.recordActual("i", R6, null, BigDecimal.TEN, LocalDate.of(2025, 3, 31),
                null, null, "editor", AT, null)).isInstanceOf(VersionRequiredException.class);
        assertThatThrownBy(() -> progress.recordActual("i", R6, 2L, BigDecimal.TEN, LocalDate.of(2025, 3, 31),
                null, null, "editor", AT, null)).isInstanceOf(StaleProgressException.class);
    }

    @Test
    void aRetiredIndicatorTakesNoActuals() {
        Progress retired = withIndicator().retireIndicator("i", 1, "editor", AT, "見直し").after();
        assertThatThrownBy(() -> retired.recordActual("i", R7, null, BigDecimal.ONE, LocalDate.of(2026, 3, 31), null,
                null, "editor", AT, null)).isInstanceOfSatisfying(ProgressConflictException.class,
                e -> assertThat(e.field()).isEqualTo("indicatorId"));
        assertThat(retired.indicatorHistory("i")).extracting(Indicator::retired).containsExactly(false, true);
    }

    @Test
    void thePublicSeesOnlyThePublishedEvaluation() {
        Progress drafted = withIndicator().draftEvaluation(R7, null, "A", "順調", "継続", "企画課", "editor", AT).after();
        assertThat(drafted.publishedEvaluation(R7)).isEmpty();
        assertThat(drafted.evaluation(R7)).isPresent();
        Progress published = drafted.publishEvaluation(R7, 1, "editor", AT).after();
        Progress redrafted = published.draftEvaluation(R7, 2L, "B", "再検討", null, "企画課", "editor", AT).after();
        assertThat(redrafted.publishedEvaluation(R7).orElseThrow().grade()).isEqualTo("A");
        assertThat(redrafted.evaluation(R7).orElseThrow().grade()).isEqualTo("B");
    }

    @Test
    void achievementIsTheMeanOfTheActiveIndicatorsRatesInTheYear() {
        Progress progress = withIndicator().defineIndicator("j", definition(Direction.LOWER_IS_BETTER, "10", "0"),
                "editor", AT, null).after();
        progress = progress.recordActual("i", R7, null, new BigDecimal("5"), LocalDate.of(2026, 3, 31), null, null,
                "editor", AT, null).after();
        assertThat(progress.achievement(R7)).isEqualByComparingTo("50.0");
        assertThat(progress.withoutActual(R7)).extracting(Indicator::indicatorId).containsExactly("j");
        progress = progress.recordActual("j", R7, null, new BigDecimal("0"), LocalDate.of(2026, 3, 31), null, null,
                "editor", AT, null).after();
        assertThat(progress.achievement(R7)).isEqualByComparingTo("75.0");
        assertThat(progress.achievement(R6)).isNull();
    }

    @Test
    void aTargetBeforeItsBaselineOrTheWrongWayIsRefusedNamingTheField() {
        assertThatThrownBy(() -> new IndicatorDefinition("n", "件", Direction.HIGHER_IS_BETTER, BigDecimal.ONE,
                new FiscalYear(2024), BigDecimal.TEN, new FiscalYear(2023), null, null, null))
                .isInstanceOfSatisfying(InvalidProgressException.class,
                        e -> assertThat(e.field()).isEqualTo("targetFiscalYear"));
        assertThatThrownBy(() -> definition(Direction.HIGHER_IS_BETTER, "10", "5"))
                .isInstanceOfSatisfying(InvalidProgressException.class,
                        e -> assertThat(e.field()).isEqualTo("targetValue"));
    }

    @Test
    void aFeedRecordsEachFedIndicatorOnceAndNeverAnOlderFigureAndLeavesTheOthersAlone() {
        IndicatorDefinition fedDefinition = new IndicatorDefinition("意見・広聴の件数", "件", Direction.HIGHER_IS_BETTER,
                BigDecimal.ZERO, new FiscalYear(2023), BigDecimal.TEN, new FiscalYear(2027), null, null,
                IndicatorFeed.CONSULTATION_PARTICIPATION);
        Progress progress = withIndicator().defineIndicator("fed", fedDefinition, "editor", AT, null).after()
                .defineIndicator("retired-fed", fedDefinition, "editor", AT, null).after();
        progress = progress.retireIndicator("retired-fed", 1, "editor", AT, null).after();

        Progress.Change<List<Actual>> first = fed(progress, 2, "e2", "3");
        assertThat(first.changed()).singleElement().satisfies(actual -> {
            assertThat(actual.indicatorId()).isEqualTo("fed");
            assertThat(actual.source()).isEqualTo("consultation-service");
            assertThat(actual.recordedBy()).isEqualTo("consultation-service");
            assertThat(actual.version()).isEqualTo(1);
        });
        progress = first.after();
        assertThat(fed(progress, 2, "e2", "3").after()).as("the same event again").isSameAs(progress);
        assertThat(fed(progress, 1, "e1", "2").after()).as("an older tally, late").isSameAs(progress);
        assertThat(fed(progress, 2, "other", "9").after()).as("the same tally version").isSameAs(progress);

        progress = progress.recordActual("fed", R7, 1L, new BigDecimal("2"), LocalDate.of(2026, 3, 31), "広聴課", null,
                "editor", AT, "重複を除外").after();
        progress = fed(progress, 5, "e5", "4").after();
        assertThat(progress.actualHistory("fed", R7)).extracting(Actual::value, Actual::source).containsExactly(
                org.assertj.core.groups.Tuple.tuple(new BigDecimal("3"), "consultation-service"),
                org.assertj.core.groups.Tuple.tuple(new BigDecimal("2"), "広聴課"),
                org.assertj.core.groups.Tuple.tuple(new BigDecimal("4"), "consultation-service"));
        assertThat(progress.actualHistory("i", R7)).as("not marked as fed").isEmpty();
        assertThat(progress.actualHistory("retired-fed", R7)).isEmpty();
        assertThat(fed(progress, 1, "e-r6", "7").changed()).as("another year has its own position").hasSize(1);
        assertThat(fed(withIndicator(), 1, "e", "1").changed()).as("no indicator is fed").isEmpty();
    }

    private static Progress.Change<List<Actual>> fed(Progress progress, long tallyVersion, String eventId,
                                                     String value) {
        FiscalYear year = eventId.equals("e-r6") ? R6 : R7;
        return progress.recordFed(IndicatorFeed.CONSULTATION_PARTICIPATION, year, tallyVersion, eventId,
                new BigDecimal(value), LocalDate.of(2025, 10, 1), "意見 件数", AT);
    }

    private static Progress withIndicator() {
        return Progress.empty(MEASURE).defineIndicator("i", definition(Direction.HIGHER_IS_BETTER, "0", "10"),
                "editor", AT, null).after();
    }

    private static IndicatorDefinition definition(Direction direction, String baseline, String target) {
        return new IndicatorDefinition("連携事業数", "件", direction, new BigDecimal(baseline), new FiscalYear(2023),
                new BigDecimal(target), new FiscalYear(2027), "企画課調べ", null, null);
    }
}
