package jp.renkei.consultation.cases;

import java.util.List;

/** DRAFT → OPEN → CLOSED → RESULTS_PUBLISHED; ABANDONED from any state before the results, with a public reason. */
public enum ConsultationStatus {
    DRAFT, OPEN, CLOSED, RESULTS_PUBLISHED, ABANDONED;

    public List<ConsultationStatus> next() {
        return switch (this) {
            case DRAFT -> List.of(OPEN, ABANDONED);
            case OPEN -> List.of(CLOSED, ABANDONED);
            case CLOSED -> List.of(RESULTS_PUBLISHED, ABANDONED);
            case RESULTS_PUBLISHED, ABANDONED -> List.of();
        };
    }

    public boolean canMoveTo(ConsultationStatus target) {
        return next().contains(target);
    }
}
