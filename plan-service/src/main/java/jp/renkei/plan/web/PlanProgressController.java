package jp.renkei.plan.web;

import jakarta.validation.constraints.Pattern;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import jp.renkei.plan.measure.MeasureService;
import jp.renkei.plan.plan.PlanDocument;
import jp.renkei.plan.plan.PlanRepository;
import jp.renkei.plan.progress.Evaluation;
import jp.renkei.plan.progress.EvaluationGrades;
import jp.renkei.plan.progress.FiscalYear;
import jp.renkei.plan.progress.Indicator;
import jp.renkei.plan.progress.MeasureRef;
import jp.renkei.plan.progress.Progress;
import jp.renkei.plan.progress.ProgressService;
import jp.renkei.plan.progress.Tally;
import jp.renkei.support.web.SpreadsheetCsv;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A plan's progress in one fiscal year (default: the current one in Japan): as JSON, as CSV for spreadsheets, and
 * rolled up per goal and area. Each reads the plan's measures and their progress documents: one per measure, so
 * the cost is bounded by the plan's size, not by its history. The public sees published evaluations only.
 */
@RestController
@Validated
@RequestMapping("/plans/{planId}")
class PlanProgressController {

    private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");
    private static final MediaType CSV = new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8);
    private static final List<String> CSV_HEADER = List.of("fiscalYear", "fiscalYearLabel", "goalNumber", "areaId",
            "measureId", "indicatorId", "indicatorName", "unit", "direction", "baselineValue", "baselineFiscalYear",
            "targetValue", "targetFiscalYear", "indicatorStatus", "indicatorFeed", "actualValue", "actualAsOf",
            "actualSource", "actualVersion", "achievementRate", "measureAchievementRate", "grade", "gradeDefinition",
            "evaluationStatus", "comment", "nextAction", "evaluator");

    private final ProgressService progress;
    private final MeasureService measures;
    private final PlanRepository plans;
    private final Clock clock;

    PlanProgressController(ProgressService progress, MeasureService measures, PlanRepository plans, Clock clock) {
        this.progress = progress;
        this.measures = measures;
        this.plans = plans;
        this.clock = clock;
    }

    @GetMapping("/progress")
    ProgressViews.PlanProgressView json(@PathVariable @Pattern(regexp = Ids.PATTERN) String planId,
                                        @RequestParam(required = false) Integer fiscalYear, Authentication caller) {
        FiscalYear year = yearOf(fiscalYear);
        boolean staff = !PublicReads.isPublic(caller);
        EvaluationGrades grades = progress.grades();
        return new ProgressViews.PlanProgressView(planId, year.year(), year.label(), ofPlan(planId).stream()
                .map(p -> new ProgressViews.MeasureProgressView(p.measure().measureId(), p.measure().goalNumber(),
                        p.measure().areaId(), p.indicators().stream().map(indicator ->
                        new ProgressViews.IndicatorYearView(ProgressViews.IndicatorView.of(indicator, p),
                                p.actual(indicator.indicatorId(), year)
                                        .map(actual -> ProgressViews.ActualView.of(actual, indicator)).orElse(null)))
                        .toList(), p.achievement(year), evaluationOf(p, year, staff)
                        .map(e -> ProgressViews.EvaluationView.of(e, p, grades)).orElse(null)))
                .toList());
    }

    /** One row per indicator (a measure without indicators gets one for its evaluation); UTF-8 with BOM. */
    @GetMapping(value = "/progress.csv", produces = "text/csv")
    ResponseEntity<String> csv(@PathVariable @Pattern(regexp = Ids.PATTERN) String planId,
                               @RequestParam(required = false) Integer fiscalYear, Authentication caller) {
        FiscalYear year = yearOf(fiscalYear);
        boolean staff = !PublicReads.isPublic(caller);
        EvaluationGrades grades = progress.grades();
        SpreadsheetCsv csv = new SpreadsheetCsv(CSV_HEADER);
        for (Progress p : ofPlan(planId)) {
            Optional<Evaluation> evaluation = evaluationOf(p, year, staff);
            List<Object> measureCells = List.of(year.year(), year.label(), p.measure().goalNumber(),
                    p.measure().areaId(), p.measure().measureId());
            List<Object> evaluationCells = new ArrayList<>();
            evaluationCells.add(p.achievement(year));
            evaluationCells.add(evaluation.map(Evaluation::grade).orElse(null));
            evaluationCells.add(evaluation.flatMap(e -> grades.find(e.grade()))
                    .map(EvaluationGrades.Grade::definition).orElse(null));
            evaluationCells.add(evaluation.map(e -> e.status().name()).orElse(null));
            evaluationCells.add(evaluation.map(Evaluation::comment).orElse(null));
            evaluationCells.add(evaluation.map(Evaluation::nextAction).orElse(null));
            evaluationCells.add(evaluation.map(Evaluation::evaluator).orElse(null));
            List<Indicator> indicators = p.indicators();
            if (indicators.isEmpty() && evaluation.isPresent()) {
                List<Object> row = new ArrayList<>(measureCells);
                row.addAll(java.util.Collections.nCopies(15, null));
                row.addAll(evaluationCells);
                csv.row(row);
            }
            for (Indicator indicator : indicators) {
                var d = indicator.definition();
                var actual = p.actual(indicator.indicatorId(), year);
                List<Object> row = new ArrayList<>(measureCells);
                row.addAll(java.util.Arrays.asList(indicator.indicatorId(), d.name(), d.unit(), d.direction().name(),
                        d.baselineValue(), d.baselineYear().year(), d.targetValue(), d.targetYear().year(),
                        indicator.retired() ? "RETIRED" : "ACTIVE", d.feed() == null ? null : d.feed().name(),
                        actual.map(a -> (Object) a.value()).orElse(null),
                        actual.map(a -> a.asOf().toString()).orElse(null), actual.map(a -> a.source()).orElse(null),
                        actual.map(a -> (Object) a.version()).orElse(null),
                        actual.map(a -> indicator.achievement(a.value())).orElse(null)));
                row.addAll(evaluationCells);
                csv.row(row);
            }
        }
        return ResponseEntity.ok().contentType(CSV)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + planId + "-progress-"
                        + year.year() + ".csv\"")
                .body(csv.toString());
    }

    /** Per goal and area: measures per published grade, average achievement, indicators without an actual. */
    @GetMapping("/progress/rollup")
    ProgressViews.RollUpView rollUp(@PathVariable @Pattern(regexp = Ids.PATTERN) String planId,
                                    @RequestParam(required = false) Integer fiscalYear) {
        FiscalYear year = yearOf(fiscalYear);
        PlanDocument plan = plans.findById(planId).orElseThrow(() -> new PlanNotFoundException(planId));
        List<Progress> all = ofPlan(planId);
        List<String> codes = progress.grades().codes();
        return new ProgressViews.RollUpView(planId, year.year(), year.label(), codes, plan.goals().stream()
                .map(goal -> new ProgressViews.GoalRollUp(goal.number(), goal.title(),
                        Tally.of(all.stream().filter(p -> p.measure().goalNumber() == goal.number()).toList(),
                                year, codes),
                        goal.areas().stream().map(area -> new ProgressViews.AreaRollUp(area.id(), area.title(),
                                Tally.of(all.stream().filter(p -> p.measure().areaId().equals(area.id())).toList(),
                                        year, codes))).toList()))
                .toList());
    }

    /** Every measure of the plan with its progress (empty where nothing was recorded), in measure order. */
    private List<Progress> ofPlan(String planId) {
        Map<String, Progress> recorded = progress.ofPlan(planId).stream()
                .collect(Collectors.toMap(p -> p.measure().measureId(), Function.identity()));
        return measures.list(planId).stream().map(measure -> recorded.getOrDefault(measure.measureId(),
                Progress.empty(MeasureRef.of(measure)))).toList();
    }

    private static Optional<Evaluation> evaluationOf(Progress p, FiscalYear year, boolean staff) {
        return staff ? p.evaluation(year) : p.publishedEvaluation(year);
    }


    private FiscalYear yearOf(Integer fiscalYear) {
        return fiscalYear == null ? FiscalYear.containing(LocalDate.now(clock.withZone(JAPAN)))
                : FiscalYear.of(fiscalYear, "fiscalYear");
    }
}
