package jp.renkei.plan.progress;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import jp.renkei.contracts.events.PlanEventTypes;
import jp.renkei.messaging.outbox.OutboxEvent;
import jp.renkei.messaging.outbox.OutboxRelay;
import jp.renkei.plan.measure.MeasureService;
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
                at, reason), Announcement.one((after, indicator) -> events.indicatorChanged(
                PlanEventTypes.INDICATOR_CREATED, after, indicator)));
    }

    public Progress.Change<Indicator> reviseIndicator(String planId, String measureId, String indicatorId,
                                                      long expectedVersion, IndicatorDefinition definition,
                                                      String editor, String reason) {
        return change(planId, measureId, (progress, at) -> progress.reviseIndicator(indicatorId, expectedVersion,
                definition, editor, at, reason), Announcement.one((after, indicator) -> events.indicatorChanged(
                PlanEventTypes.INDICATOR_REVISED, after, indicator)));
    }

    public Progress.Change<Indicator> retireIndicator(String planId, String measureId, String indicatorId,
                                                      long expectedVersion, String editor, String reason) {
        return change(planId, measureId, (progress, at) -> progress.retireIndicator(indicatorId, expectedVersion,
                editor, at, reason), Announcement.one((after, indicator) -> events.indicatorChanged(
                PlanEventTypes.INDICATOR_RETIRED, after, indicator)));
    }

    public Progress.Change<Actual> recordActual(String planId, String measureId, ActualRecording recording) {
        return change(planId, measureId, (progress, at) -> progress.recordActual(recording.indicatorId(),
                recording.fiscalYear(), recording.expectedVersion(), recording.value(), recording.asOf(),
                recording.source(), recording.note(), recording.recorder(), at, recording.reason()),
                Announcement.one(events::actualRecorded));
    }

    /**
     * Records a feed's figure for a fiscal year as the next actual of each of the measure's indicators marked with
     * that feed (see {@link Progress#recordFed}); an event applied before, or older than the last applied, changes
     * nothing and publishes nothing. Each recorded actual is told to partners like one staff record.
     *
     * @return the actuals recorded: none when nothing changed
     */
    public List<Actual> recordFed(String planId, String measureId, FedFigure figure) {
        return change(planId, measureId, (progress, at) -> progress.recordFed(figure.feed(), figure.fiscalYear(),
                figure.feedVersion(), figure.eventId(), figure.value(), figure.asOf(), figure.note(), at),
                (after, recorded) -> {
                    Progress told = after;
                    List<OutboxEvent> announced = new ArrayList<>();
                    for (Actual actual : recorded) {
                        told = told.told();
                        announced.add(events.actualRecorded(told, actual));
                    }
                    return new Told(told, announced);
                }).changed();
    }

    /** A feed's figure for one measure and year, as its event brought it. */
    public record FedFigure(IndicatorFeed feed, FiscalYear fiscalYear, long feedVersion, String eventId,
                            BigDecimal value, LocalDate asOf, String note) {
    }

    /** Drafts the year's evaluation; the grade must be one of the configured set. */
    public Progress.Change<Evaluation> draftEvaluation(String planId, String measureId, FiscalYear year,
                                                       Long expectedVersion, String grade, String comment,
                                                       String nextAction, String evaluator, String editor) {
        grades.require(grade);
        return change(planId, measureId, (progress, at) -> progress.draftEvaluation(year, expectedVersion, grade,
                comment, nextAction, evaluator, editor, at), Announcement.none());
    }

    public Progress.Change<Evaluation> publishEvaluation(String planId, String measureId, FiscalYear year,
                                                         long expectedVersion, String editor) {
        return change(planId, measureId, (progress, at) -> progress.publishEvaluation(year, expectedVersion, editor,
                at), Announcement.one(events::evaluationPublished));
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
     * Applies a step and stores it with its events, each the next in the progress's sequence; a step without an event
     * (a draft, which partners do not see) moves the version only, so partners see no gap in the sequence. A step that
     * changed nothing (it returns the progress it was given) writes nothing.
     */
    private <T> Progress.Change<T> change(String planId, String measureId, Step<T> step, Announcement<T> announce) {
        MeasureRef measure = MeasureRef.of(measures.get(planId, measureId));
        for (int attempt = 1; ; attempt++) {
            Progress current = store.find(planId, measureId).orElseGet(() -> Progress.empty(measure))
                    .placedAs(measure);
            Progress.Change<T> change = step.apply(current, clock.instant());
            if (change.after() == current) {
                return change;
            }
            Told told = announce.tell(change.after(), change.changed());
            if (store.write(told.after(), current.version(), told.events())) {
                told.events().forEach(event -> relay.relay(ProgressStore.aggregateKey(planId, measureId), event));
                return new Progress.Change<>(told.after(), change.changed());
            }
            if (attempt == ATTEMPTS) {
                throw new StaleProgressException("the progress of " + measureId, current.version(),
                        store.find(planId, measureId).map(Progress::version).orElse(0L));
            }
        }
    }

    /** The progress after its change was told, and the events that told it. */
    private record Told(Progress after, List<OutboxEvent> events) {
    }

    @FunctionalInterface
    private interface Announcement<T> {
        Told tell(Progress after, T changed);

        /** One event, the next in the sequence. */
        static <T> Announcement<T> one(BiFunction<Progress, T, OutboxEvent> eventOf) {
            return (after, changed) -> {
                Progress told = after.told();
                return new Told(told, List.of(eventOf.apply(told, changed)));
            };
        }

        /** No event: a change partners do not hear of. */
        static <T> Announcement<T> none() {
            return (after, changed) -> new Told(after, List.of());
        }
    }

}
