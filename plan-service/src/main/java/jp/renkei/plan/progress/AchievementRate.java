package jp.renkei.plan.progress;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * How far an actual has come from the baseline towards the target, in percent: 0 at the baseline, 100 at the
 * target, more beyond it, negative when it went the wrong way. For higher-is-better that is
 * (actual − baseline) / (target − baseline); lower-is-better mirrors it, (baseline − actual) / (baseline − target).
 * A target equal to the baseline (keep the level) is 100 when the actual is at least as good, otherwise the
 * actual's share of the target in the indicator's direction.
 */
public final class AchievementRate {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final int SCALE = 1;

    private AchievementRate() {
    }

    /** The rate in percent with one decimal, or null without an actual. */
    public static BigDecimal of(Direction direction, BigDecimal baseline, BigDecimal target, BigDecimal actual) {
        if (actual == null) {
            return null;
        }
        if (target.compareTo(baseline) == 0) {
            return keepingLevel(direction, target, actual);
        }
        BigDecimal gained = direction == Direction.HIGHER_IS_BETTER ? actual.subtract(baseline) : baseline.subtract(actual);
        BigDecimal planned = direction == Direction.HIGHER_IS_BETTER ? target.subtract(baseline) : baseline.subtract(target);
        return gained.multiply(HUNDRED).divide(planned, SCALE, RoundingMode.HALF_UP);
    }

    /** The mean of some rates with one decimal; null when there are none. */
    public static BigDecimal mean(java.util.List<BigDecimal> rates) {
        if (rates.isEmpty()) {
            return null;
        }
        return rates.stream().reduce(BigDecimal.ZERO, BigDecimal::add)
                .divide(BigDecimal.valueOf(rates.size()), SCALE, RoundingMode.HALF_UP);
    }

    private static BigDecimal keepingLevel(Direction direction, BigDecimal target, BigDecimal actual) {
        if (direction.atLeastAsGood(actual, target)) {
            return HUNDRED.setScale(SCALE);
        }
        BigDecimal numerator = direction == Direction.HIGHER_IS_BETTER ? actual : target;
        BigDecimal denominator = direction == Direction.HIGHER_IS_BETTER ? target : actual;
        if (denominator.signum() == 0) {
            return BigDecimal.ZERO.setScale(SCALE);
        }
        return numerator.multiply(HUNDRED).divide(denominator, SCALE, RoundingMode.HALF_UP);
    }
}
