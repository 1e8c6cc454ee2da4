package jp.renkei.plan.progress;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.BiFunction;
import jp.renkei.contracts.events.PlanEventTypes;
import jp.renkei.plan.measure.MeasureService;
import jp.renkei.plan.outbox.OutboxEvent;
import jp.renkei.plan.outbox.OutboxRelay;
import org.springframework.stereotype.Service;

/**
 * Reads and changes measures' progress. A change reads the measure (for its place and tags) and its progress by
 * key, applies one step, and stores the result with its event in one conditional write. When another change of the
 * same measure's progress (another indicator, another year) got there first, the step is applied again to what is
 * stored now: it still checks the version the caller read of the thing it changes.
 */
@Service
public class ProgressService {

    /** Concurrent changes of one measure's progress to wait out before giving up with a 412. */
    private static final int ATTEMPTS = 5;

    private final ProgressStore store;
    private final MeasureService measures;
    private final ProgressEvents events;
    private final OutboxRelay relay;
    private final EvaluationGrades grades;
    private final Clock clock;

    public ProgressService(ProgressStore store, MeasureService measures, ProgressEvents events, OutboxRelay relay,
                           EvaluationGrades grades, Clock clock) {
        this.store = store;
        this.measures = measures;
        this.events = events;
        this.relay = relay;
        this.grades = grades;
        this.clock = clock;
    }

    /** The measure's progress; empty (version 0) when nothing was recorded yet; 404 without the measure. */
    public Progress get(String planId, String measureId) {
        MeasureRef measure = MeasureRef.of(measures.get(planId, measureId));
        return store.find(planId, measureId).orElseGet(() -> Progress.empty(measure));
    }

    /** The progress of the plan's measures that have any (a read over the plan, for roll-ups and exports). */
    public List<Progress> ofPlan(String planId) {
        return store.findByPlan(planId);
    }

    public EvaluationGrades grades() {
        return grades;
    }

    public Progress.Change<Indicator> defineIndicator(String planId, String measureId, String indicatorId,
                                                      IndicatorDefinition definition, String editor, String reason) {
        return change(planId, measureId, (progress, at) -> progress.defineIndicator(indicatorId, definition, editor,
                at, reason), (after, indicator) -> events.indicatorChanged(PlanEventTypes.INDICATOR_CREATED, after,
                indicator));
    }

    public Progress.Change<Indicator> reviseIndicator(String planId, String measureId, String indicatorId,
                                                      long expectedVersion, IndicatorDefinition definition,
                                                      String editor, String reason) {
        return change(planId, measureId, (progress, at) -> progress.reviseIndicator(indicatorId, expectedVersion,
                definition, editor, at, reason), (after, indicator) -> events.indicatorChanged(
                PlanEventTypes.INDICATOR_REVISED, after, indicator));
    }

    public Progress.Change<Indicator> retireIndicator(String planId, String measureId, String indicatorId,
                                                      long expectedVersion, String editor, String reason) {
        return change(planId, measureId, (progress, at) -> progress.retireIndicator(indicatorId, expectedVersion,
                editor, at, reason), (after, indicator) -> events.indicatorChanged(PlanEventTypes.INDICATOR_RETIRED,
                after, indicator));
    }

    public Progress.Change<Actual> recordActual(String planId, String measureId, ActualRecording recording) {
        return change(planId, measureId, (progress, at) -> progress.recordActual(recording.indicatorId(),
                recording.fiscalYear(), recording.expectedVersion(), recording.value(), recording.asOf(),
                recording.source(), recording.note(), recording.recorder(), at, recording.reason()),
                events::actualRecorded);
    }

    /** Drafts the year's evaluation; the grade must be one of the configured set. */
    public Progress.Change<Evaluation> draftEvaluation(String planId, String measureId, FiscalYear year,
                                                       Long expectedVersion, String grade, String comment,
                                                       String nextAction, String evaluator, String editor) {
        grades.require(grade);
        return change(planId, measureId, (progress, at) -> progress.draftEvaluation(year, expectedVersion, grade,
                comment, nextAction, evaluator, editor, at), (after, evaluation) -> null);
    }

    public Progress.Change<Evaluation> publishEvaluation(String planId, String measureId, FiscalYear year,
                                                         long expectedVersion, String editor) {
        return change(planId, measureId, (progress, at) -> progress.publishEvaluation(year, expectedVersion, editor,
                at), events::evaluationPublished);
    }

    /** An actual to record or correct (expectedVersion null for the first of its indicator and year). */
    public record ActualRecording(String indicatorId, FiscalYear fiscalYear, Long expectedVersion,
                                  java.math.BigDecimal value, java.time.LocalDate asOf, String source, String note,
                                  String recorder, String reason) {
    }

    @FunctionalInterface
    private interface Step<T> {
        Progress.Change<T> apply(Progress progress, Instant at);
    }

    /**
     * Applies a step and stores it with its event, the next in the progress's sequence; a step whose event is null
     * (a draft, which partners do not see) moves the version only, so partners see no gap in the sequence.
     */
    private <T> Progress.Change<T> change(String planId, String measureId, Step<T> step,
                                          BiFunction<Progress, T, OutboxEvent> eventOf) {
        MeasureRef measure = MeasureRef.of(measures.get(planId, measureId));
        for (int attempt = 1; ; attempt++) {
            Progress current = store.find(planId, measureId).orElseGet(() -> Progress.empty(measure))
                    .placedAs(measure);
            Progress.Change<T> change = step.apply(current, clock.instant());
            Progress told = change.after().told();
            OutboxEvent event = eventOf.apply(told, change.changed());
            Progress after = event == null ? change.after() : told;
            if (store.write(after, current.version(), event)) {
                if (event != null) {
                    relay.relay(ProgressStore.aggregateKey(planId, measureId), event);
                }
                return new Progress.Change<>(after, change.changed());
            }
            if (attempt == ATTEMPTS) {
                throw new StaleProgressException("the progress of " + measureId, current.version(),
                        store.find(planId, measureId).map(Progress::version).orElse(0L));
            }
        }
    }

}
