package jp.renkei.plan.progress;

/** Which way an indicator improves: more is better (participants), or less is better (incidents). */
public enum Direction {
    HIGHER_IS_BETTER,
    LOWER_IS_BETTER;

    /** Whether {@code value} is at least as good as {@code reference} in this direction. */
    boolean atLeastAsGood(java.math.BigDecimal value, java.math.BigDecimal reference) {
        int comparison = value.compareTo(reference);
        return this == HIGHER_IS_BETTER ? comparison >= 0 : comparison <= 0;
    }
}
