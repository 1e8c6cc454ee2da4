package jp.renkei.plan.measure;

import java.util.EnumSet;
import java.util.Set;

/**
 * Lifecycle of a measure. A draft goes to consultation and is adopted; an adopted measure may go back to
 * consultation for a revision; anything but an archived measure may be archived, and archived is final.
 */
public enum MeasureStatus {
    DRAFT, IN_CONSULTATION, ADOPTED, ARCHIVED;

    public boolean canMoveTo(MeasureStatus target) {
        return next().contains(target);
    }

    public Set<MeasureStatus> next() {
        return switch (this) {
            case DRAFT -> EnumSet.of(IN_CONSULTATION, ADOPTED, ARCHIVED);
            case IN_CONSULTATION -> EnumSet.of(DRAFT, ADOPTED, ARCHIVED);
            case ADOPTED -> EnumSet.of(IN_CONSULTATION, ARCHIVED);
            case ARCHIVED -> EnumSet.noneOf(MeasureStatus.class);
        };
    }
}
