package jp.renkei.plan.measure;

import java.util.EnumSet;
import java.util.Set;

/**
 * Lifecycle of a measure: DRAFT → IN_CONSULTATION → ADOPTED → ARCHIVED. A draft is adopted only after it was put to
 * consultation (the city's plan commits to public comment before it decides); a consultation may send it back to
 * draft; an adopted measure may go back to consultation for a revision; anything but an archived measure may be
 * archived, and archived is final.
 */
public enum MeasureStatus {
    DRAFT, IN_CONSULTATION, ADOPTED, ARCHIVED;

    public boolean canMoveTo(MeasureStatus target) {
        return next().contains(target);
    }

    public Set<MeasureStatus> next() {
        return switch (this) {
            case DRAFT -> EnumSet.of(IN_CONSULTATION, ARCHIVED);
            case IN_CONSULTATION -> EnumSet.of(DRAFT, ADOPTED, ARCHIVED);
            case ADOPTED -> EnumSet.of(IN_CONSULTATION, ARCHIVED);
            case ARCHIVED -> EnumSet.noneOf(MeasureStatus.class);
        };
    }
}
