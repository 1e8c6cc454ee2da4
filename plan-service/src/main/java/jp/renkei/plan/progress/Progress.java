package jp.renkei.plan.progress;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The progress of one measure (進捗): its indicators, their actuals per fiscal year and the measure's evaluations,
 * every version of each kept (a correction never overwrites without trace). One aggregate with one version, so that
 * every change is one conditional write of one document with its event; it grows with one measure's own history
 * only.
 *
 * <p>Each step checks the version the caller read of the thing it changes (indicator, actual or evaluation) and
 * returns the progress after it with what changed.
 *
 * @param version       counts every change: what a conditional write checks
 * @param sequence      counts the changes partners hear of (a draft evaluation is none): the sequence of the events
 * @param feedPositions per feed and fiscal year, the last figure it recorded (see {@link #recordFed})
 */
public record Progress(MeasureRef measure, long version, long sequence, List<Indicator> indicatorVersions,
                       List<Actual> actuals, List<Evaluation> evaluations, List<FeedPosition> feedPositions) {

    public Progress {
        indicatorVersions = List.copyOf(indicatorVersions);
        actuals = List.copyOf(actuals);
        evaluations = List.copyOf(evaluations);
        feedPositions = List.copyOf(feedPositions);
    }

    /** A measure's progress before anything was recorded (version 0, not stored). */
    public static Progress empty(MeasureRef measure) {
        return new Progress(measure, 0, 0, List.of(), List.of(), List.of(), List.of());
    }

    /** What one step produced: the progress after it and the version it made of the thing it changed. */
    public record Change<T>(Progress after, T changed) {
    }

    // ---- reads

    /** Each indicator at its latest version, in the order they were defined. */
    public List<Indicator> indicators() {
        return latest(indicatorVersions, Indicator::indicatorId, Indicator::version);
    }

    public Optional<Indicator> indicator(String indicatorId) {
        return indicators().stream().filter(i -> i.indicatorId().equals(indicatorId)).findFirst();
    }

    public List<Indicator> indicatorHistory(String indicatorId) {
        return indicatorVersions.stream().filter(i -> i.indicatorId().equals(indicatorId)).toList();
    }

    /** The current actual (latest version) of each indicator and year. */
    public List<Actual> currentActuals() {
        return latest(actuals, a -> a.indicatorId() + "@" + a.fiscalYear().year(), Actual::version);
    }

    public Optional<Actual> actual(String indicatorId, FiscalYear year) {
        return currentActuals().stream()
                .filter(a -> a.indicatorId().equals(indicatorId) && a.fiscalYear().equals(year)).findFirst();
    }

    public List<Actual> actualHistory(String indicatorId, FiscalYear year) {
        return actuals.stream().filter(a -> a.indicatorId().equals(indicatorId) && a.fiscalYear().equals(year))
                .toList();
    }

    /** The evaluation of a year as staff see it: its latest version, draft or published. */
    public Optional<Evaluation> evaluation(FiscalYear year) {
        return evaluations.stream().filter(e -> e.fiscalYear().equals(year))
                .max(Comparator.comparingLong(Evaluation::version));
    }

    /** The evaluation of a year as the public sees it: the latest published version. */
    public Optional<Evaluation> publishedEvaluation(FiscalYear year) {
        return evaluations.stream().filter(e -> e.fiscalYear().equals(year) && e.published())
                .max(Comparator.comparingLong(Evaluation::version));
    }

    /**
     * The measure's achievement in a year: the mean of its active indicators' rates from their actuals of that year;
     * null when none has one.
     */
    public BigDecimal achievement(FiscalYear year) {
        List<BigDecimal> rates = indicators().stream().filter(i -> !i.retired())
                .map(i -> actual(i.indicatorId(), year).map(a -> i.achievement(a.value())).orElse(null))
                .filter(Objects::nonNull).toList();
        return AchievementRate.mean(rates);
    }

    /** Active indicators without an actual for the year. */
    public List<Indicator> withoutActual(FiscalYear year) {
        return indicators().stream().filter(i -> !i.retired())
                .filter(i -> actual(i.indicatorId(), year).isEmpty()).toList();
    }

    // ---- steps

    public Change<Indicator> defineIndicator(String indicatorId, IndicatorDefinition definition, String editor,
                                             Instant at, String reason) {
        if (indicator(indicatorId).isPresent()) {
            throw new ProgressConflictException("indicatorId",
                    "measure " + measure.measureId() + " already has an indicator " + indicatorId);
        }
        Indicator created = new Indicator(indicatorId, 1, definition, false, at, editor, reason);
        return new Change<>(withIndicator(created, measure), created);
    }

    public Change<Indicator> reviseIndicator(String indicatorId, long expectedVersion, IndicatorDefinition definition,
                                             String editor, Instant at, String reason) {
        Indicator current = activeIndicator(indicatorId, expectedVersion, "indicatorId");
        Indicator revised = new Indicator(indicatorId, current.version() + 1, definition, false, at, editor, reason);
        return new Change<>(withIndicator(revised, measure), revised);
    }

    public Change<Indicator> retireIndicator(String indicatorId, long expectedVersion, String editor, Instant at,
                                             String reason) {
        Indicator current = activeIndicator(indicatorId, expectedVersion, "indicatorId");
        Indicator retired = new Indicator(indicatorId, current.version() + 1, current.definition(), true, at, editor,
                reason);
        return new Change<>(withIndicator(retired, measure), retired);
    }

    /**
     * Records the actual of an indicator for a year, or corrects it: {@code expectedVersion} is null for the first
     * one and the version read for a correction.
     */
    public Change<Actual> recordActual(String indicatorId, FiscalYear year, Long expectedVersion, BigDecimal value,
                                       LocalDate asOf, String source, String note, String recorder, Instant at,
                                       String reason) {
        Indicator indicator = indicator(indicatorId)
                .orElseThrow(() -> new ProgressNotFoundException("measure " + measure.measureId() + " has no indicator " + indicatorId));
        if (indicator.retired()) {
            throw new ProgressConflictException("indicatorId", "indicator " + indicatorId
                    + " is retired; it takes no more actuals");
        }
        Optional<Actual> current = actual(indicatorId, year);
        long currentVersion = current.map(Actual::version).orElse(0L);
        checkVersion("the actual of " + indicatorId + " for " + year.label(), expectedVersion, currentVersion);
        Actual recorded = new Actual(indicatorId, year, currentVersion + 1, value, asOf, source, note, at, recorder,
                reason);
        List<Actual> all = new ArrayList<>(actuals);
        all.add(recorded);
        return new Change<>(new Progress(measure, version + 1, sequence, indicatorVersions, all, evaluations,
                feedPositions), recorded);
    }

    /**
     * Records a feed's figure for a year as the next actual of every active indicator the feed is marked on, with
     * the feed as source and recorder. Nothing changes (an empty list) when no indicator is fed by it, or when the
     * figure was applied before ({@code eventId}) or is older than the last one applied ({@code feedVersion}): a
     * redelivered or late event. A staff correction in between stays in the history; the feed's next figure is the
     * next version after it.
     */
    public Change<List<Actual>> recordFed(IndicatorFeed feed, FiscalYear year, long feedVersion, String eventId,
                                          BigDecimal value, LocalDate asOf, String note, Instant at) {
        Optional<FeedPosition> last = feedPositions.stream()
                .filter(p -> p.feed() == feed && p.fiscalYear() == year.year()).findFirst();
        List<Indicator> fed = indicators().stream().filter(i -> !i.retired() && i.definition().feed() == feed).toList();
        if (fed.isEmpty() || last.filter(p -> p.eventId().equals(eventId) || p.feedVersion() >= feedVersion).isPresent()) {
            return new Change<>(this, List.of());
        }
        List<Actual> all = new ArrayList<>(actuals);
        List<Actual> recorded = new ArrayList<>();
        for (Indicator indicator : fed) {
            long currentVersion = actual(indicator.indicatorId(), year).map(Actual::version).orElse(0L);
            Actual actual = new Actual(indicator.indicatorId(), year, currentVersion + 1, value, asOf, feed.source(),
                    note, at, feed.source(), null);
            all.add(actual);
            recorded.add(actual);
        }
        List<FeedPosition> positions = new ArrayList<>(feedPositions.stream()
                .filter(p -> !(p.feed() == feed && p.fiscalYear() == year.year())).toList());
        positions.add(new FeedPosition(feed, year.year(), feedVersion, eventId));
        return new Change<>(new Progress(measure, version + 1, sequence, indicatorVersions, all, evaluations,
                positions), recorded);
    }

    /** Writes the year's evaluation as a draft: the first ({@code expectedVersion} null) or a new version of it. */
    public Change<Evaluation> draftEvaluation(FiscalYear year, Long expectedVersion, String grade, String comment,
                                              String nextAction, String evaluator, String editor, Instant at) {
        long currentVersion = evaluation(year).map(Evaluation::version).orElse(0L);
        checkVersion("the evaluation for " + year.label(), expectedVersion, currentVersion);
        return withEvaluation(new Evaluation(year, currentVersion + 1, grade, comment, nextAction, evaluator,
                Evaluation.EvaluationStatus.DRAFT, at, editor));
    }

    /** Publishes the year's evaluation as the editor read it. */
    public Change<Evaluation> publishEvaluation(FiscalYear year, long expectedVersion, String editor, Instant at) {
        Evaluation current = evaluation(year).orElseThrow(() -> new ProgressNotFoundException(
                "measure " + measure.measureId() + " has no evaluation for " + year.label()));
        checkVersion("the evaluation for " + year.label(), expectedVersion, current.version());
        if (current.published()) {
            throw new ProgressConflictException("status", "the evaluation for " + year.label()
                    + " is already published");
        }
        return withEvaluation(new Evaluation(year, current.version() + 1, current.grade(), current.comment(),
                current.nextAction(), current.evaluator(), Evaluation.EvaluationStatus.PUBLISHED, at, editor));
    }

    /** The same progress placed and tagged as the measure is now: events route by the measure's current tags. */
    public Progress placedAs(MeasureRef now) {
        return new Progress(now, version, sequence, indicatorVersions, actuals, evaluations, feedPositions);
    }

    /** The same progress with one more event told: the sequence the next event carries. */
    public Progress told() {
        return new Progress(measure, version, sequence + 1, indicatorVersions, actuals, evaluations, feedPositions);
    }

    private Indicator activeIndicator(String indicatorId, long expectedVersion, String field) {
        Indicator current = indicator(indicatorId).orElseThrow(() -> new ProgressNotFoundException(
                "measure " + measure.measureId() + " has no indicator " + indicatorId));
        checkVersion("indicator " + indicatorId, expectedVersion, current.version());
        if (current.retired()) {
            throw new ProgressConflictException(field, "indicator " + indicatorId + " is retired");
        }
        return current;
    }

    private static void checkVersion(String what, Long expected, long current) {
        if (expected == null && current > 0) {
            throw new VersionRequiredException(what + " exists at version " + current
                    + "; a correction needs If-Match with the version you read");
        }
        if (expected != null && expected != current) {
            throw new StaleProgressException(what, expected, current);
        }
    }

    private Progress withIndicator(Indicator indicator, MeasureRef placement) {
        List<Indicator> all = new ArrayList<>(indicatorVersions);
        all.add(indicator);
        return new Progress(placement, version + 1, sequence, all, actuals, evaluations, feedPositions);
    }

    private Change<Evaluation> withEvaluation(Evaluation evaluation) {
        List<Evaluation> all = new ArrayList<>(evaluations);
        all.add(evaluation);
        return new Change<>(new Progress(measure, version + 1, sequence, indicatorVersions, actuals, all, feedPositions),
                evaluation);
    }

    private static <T> List<T> latest(List<T> versions, Function<T, String> key,
                                      java.util.function.ToLongFunction<T> version) {
        return versions.stream().collect(Collectors.groupingBy(key, java.util.LinkedHashMap::new,
                        Collectors.maxBy(Comparator.comparingLong(version))))
                .values().stream().map(Optional::orElseThrow).toList();
    }
}
