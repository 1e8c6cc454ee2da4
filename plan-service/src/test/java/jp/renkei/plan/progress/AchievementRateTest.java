package jp.renkei.plan.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AchievementRateTest {

    @ParameterizedTest(name = "{0}: baseline {1}, target {2}, actual {3} → {4}%")
    @CsvSource({
            // higher is better: from the baseline towards a higher target
            "HIGHER_IS_BETTER, 100, 200, 100, 0.0",
            "HIGHER_IS_BETTER, 100, 200, 150, 50.0",
            "HIGHER_IS_BETTER, 100, 200, 200, 100.0",
            "HIGHER_IS_BETTER, 100, 200, 250, 150.0",
            "HIGHER_IS_BETTER, 100, 200, 90, -10.0",
            "HIGHER_IS_BETTER, 0, 3, 1, 33.3",
            // lower is better: mirrored, from the baseline down towards a lower target
            "LOWER_IS_BETTER, 50, 30, 40, 50.0",
            "LOWER_IS_BETTER, 50, 30, 30, 100.0",
            "LOWER_IS_BETTER, 50, 30, 20, 150.0",
            "LOWER_IS_BETTER, 50, 30, 55, -25.0",
            // keeping a level: at least as good is 100%, otherwise the share in the indicator's direction
            "HIGHER_IS_BETTER, 80, 80, 90, 100.0",
            "HIGHER_IS_BETTER, 80, 80, 60, 75.0",
            "LOWER_IS_BETTER, 80, 80, 70, 100.0",
            "LOWER_IS_BETTER, 80, 80, 100, 80.0",
            "LOWER_IS_BETTER, 0, 0, 5, 0.0"})
    void measuresTheWayFromBaselineToTargetInTheIndicatorsDirection(Direction direction, BigDecimal baseline,
                                                                      BigDecimal target, BigDecimal actual,
                                                                      BigDecimal percent) {
        assertThat(AchievementRate.of(direction, baseline, target, actual)).isEqualByComparingTo(percent);
    }

    @ParameterizedTest
    @CsvSource({"HIGHER_IS_BETTER", "LOWER_IS_BETTER"})
    void withoutAnActualThereIsNoRate(Direction direction) {
        assertThat(AchievementRate.of(direction, BigDecimal.ONE, BigDecimal.TEN, null)).isNull();
    }
}
