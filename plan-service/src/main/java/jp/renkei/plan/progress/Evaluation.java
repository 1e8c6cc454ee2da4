package jp.renkei.plan.progress;

import java.time.Instant;

/** One version of a measure's evaluation (施策評価) for a fiscal year: a draft, or as published. */
public record Evaluation(FiscalYear fiscalYear, long version, String grade, String comment, String nextAction,
                         String evaluator, EvaluationStatus status, Instant changedAt, String changedBy) {

    public enum EvaluationStatus {
        DRAFT,
        PUBLISHED
    }

    public boolean published() {
        return status == EvaluationStatus.PUBLISHED;
    }
}
