package jp.renkei.plan.web;

import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.security.Principal;
import jp.renkei.plan.progress.Actual;
import jp.renkei.plan.progress.Evaluation;
import jp.renkei.plan.progress.FiscalYear;
import jp.renkei.plan.progress.Indicator;
import jp.renkei.plan.progress.Progress;
import jp.renkei.plan.progress.ProgressNotFoundException;
import jp.renkei.plan.progress.ProgressService;
import jp.renkei.support.web.InvalidFieldException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A measure's progress (進捗管理): its indicators (成果指標), their actuals per fiscal year (実績値) and its
 * evaluations (施策評価). Indicators, actuals and evaluations each carry a version, their ETag: changing one that
 * exists needs {@code If-Match} with it (428 without, 412 when stale), as measures do. Drafts are staff-only.
 */
@RestController
// bodies are marked @Validated, not @Valid: the argument resolver validates them (400 naming the field), and the
// method validation this class's @Validated brings (for the path variables' patterns) cascades into @Valid arguments
// only, so a body is validated once, not twice
@Validated
@RequestMapping("/plans/{planId}/measures/{measureId}")
class ProgressController {

    private final ProgressService progress;

    ProgressController(ProgressService progress) {
        this.progress = progress;
    }

    @GetMapping("/progress")
    ResponseEntity<ProgressViews.ProgressView> get(@PathVariable @Pattern(regexp = Ids.PATTERN) String planId,
                                                   @PathVariable @Pattern(regexp = Ids.PATTERN) String measureId,
                                                   Authentication caller) {
        Progress current = progress.get(planId, measureId);
        return ResponseEntity.ok().eTag(Long.toString(current.version()))
                .body(ProgressViews.ProgressView.of(current, !PublicReads.isPublic(caller), progress.grades()));
    }

    @PostMapping("/indicators")
    ResponseEntity<ProgressViews.IndicatorView> defineIndicator(
            @PathVariable @Pattern(regexp = Ids.PATTERN) String planId,
            @PathVariable @Pattern(regexp = Ids.PATTERN) String measureId,
            @Validated @RequestBody ProgressRequests.IndicatorRequest request, Principal principal) {
        if (request.indicatorId() == null) {
            throw new InvalidFieldException("indicatorId", "a new indicator needs an id, like 5-2-2-a");
        }
        Progress.Change<Indicator> change = progress.defineIndicator(planId, measureId, request.indicatorId(),
                request.toDefinition(), editor(principal), request.reason());
        return ResponseEntity.created(URI.create("/plans/" + planId + "/measures/" + measureId + "/indicators/"
                        + request.indicatorId())).eTag(Long.toString(change.changed().version()))
                .body(ProgressViews.IndicatorView.of(change.changed(), change.after()));
    }

    /** An indicator with every version of it. */
    @GetMapping("/indicators/{indicatorId}")
    ResponseEntity<ProgressViews.IndicatorHistoryView> indicator(
            @PathVariable @Pattern(regexp = Ids.PATTERN) String planId,
            @PathVariable @Pattern(regexp = Ids.PATTERN) String measureId,
            @PathVariable @Pattern(regexp = Ids.PATTERN) String indicatorId) {
        Progress current = progress.get(planId, measureId);
        Indicator indicator = current.indicator(indicatorId)
                .orElseThrow(() -> new ProgressNotFoundException("measure " + measureId + " has no indicator " + indicatorId));
        return ResponseEntity.ok().eTag(Long.toString(indicator.version())).body(
                new ProgressViews.IndicatorHistoryView(ProgressViews.IndicatorView.of(indicator, current),
                        current.indicatorHistory(indicatorId).stream()
                                .map(version -> ProgressViews.IndicatorView.of(version, current)).toList()));
    }

    @PutMapping("/indicators/{indicatorId}")
    ResponseEntity<ProgressViews.IndicatorView> reviseIndicator(
            @PathVariable @Pattern(regexp = Ids.PATTERN) String planId,
            @PathVariable @Pattern(regexp = Ids.PATTERN) String measureId,
            @PathVariable @Pattern(regexp = Ids.PATTERN) String indicatorId,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @Validated @RequestBody ProgressRequests.IndicatorRequest request, Principal principal) {
        long expectedVersion = Versions.fromIfMatch(ifMatch);
        if (request.indicatorId() != null && !request.indicatorId().equals(indicatorId)) {
            throw new InvalidFieldException("indicatorId", "indicatorId in the body (" + request.indicatorId()
                    + ") differs from the path (" + indicatorId + ")");
        }
        return indicatorChanged(progress.reviseIndicator(planId, measureId, indicatorId, expectedVersion,
                request.toDefinition(), editor(principal), request.reason()));
    }

    /** Retires an indicator: it takes no more actuals; it and its actuals stay readable. */
    @PostMapping("/indicators/{indicatorId}/retire")
    ResponseEntity<ProgressViews.IndicatorView> retireIndicator(
            @PathVariable @Pattern(regexp = Ids.PATTERN) String planId,
            @PathVariable @Pattern(regexp = Ids.PATTERN) String measureId,
            @PathVariable @Pattern(regexp = Ids.PATTERN) String indicatorId,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @Validated @RequestBody(required = false) ProgressRequests.ReasonRequest request, Principal principal) {
        long expectedVersion = Versions.fromIfMatch(ifMatch);
        return indicatorChanged(progress.retireIndicator(planId, measureId, indicatorId, expectedVersion,
                editor(principal), request == null ? null : request.reason()));
    }

    /** An indicator's actual for a year with every version of it, oldest first. */
    @GetMapping("/indicators/{indicatorId}/actuals/{fiscalYear}")
    ResponseEntity<ProgressViews.ActualHistoryView> actual(
            @PathVariable @Pattern(regexp = Ids.PATTERN) String planId,
            @PathVariable @Pattern(regexp = Ids.PATTERN) String measureId,
            @PathVariable @Pattern(regexp = Ids.PATTERN) String indicatorId, @PathVariable int fiscalYear) {
        FiscalYear year = FiscalYear.of(fiscalYear, "fiscalYear");
        Progress current = progress.get(planId, measureId);
        Indicator indicator = current.indicator(indicatorId)
                .orElseThrow(() -> new ProgressNotFoundException("measure " + measureId + " has no indicator " + indicatorId));
        Actual actual = current.actual(indicatorId, year).orElseThrow(() -> new ProgressNotFoundException(
                "indicator " + indicatorId + " has no actual for " + year.label()));
        return ResponseEntity.ok().eTag(Long.toString(actual.version())).body(new ProgressViews.ActualHistoryView(
                ProgressViews.ActualView.of(actual, indicator), current.actualHistory(indicatorId, year).stream()
                .map(version -> ProgressViews.ActualView.of(version, indicator)).toList()));
    }

    /**
     * Records the actual of a year, or corrects it: a correction sends {@code If-Match} with the version read and
     * becomes the next version; the earlier ones stay in the history.
     */
    @PutMapping("/indicators/{indicatorId}/actuals/{fiscalYear}")
    ResponseEntity<ProgressViews.ActualView> recordActual(
            @PathVariable @Pattern(regexp = Ids.PATTERN) String planId,
            @PathVariable @Pattern(regexp = Ids.PATTERN) String measureId,
            @PathVariable @Pattern(regexp = Ids.PATTERN) String indicatorId, @PathVariable int fiscalYear,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @Validated @RequestBody ProgressRequests.ActualRequest request, Principal principal) {
        FiscalYear year = FiscalYear.of(fiscalYear, "fiscalYear");
        Progress.Change<Actual> change = progress.recordActual(planId, measureId, new ProgressService.ActualRecording(
                indicatorId, year, ifMatch == null ? null : Versions.fromIfMatch(ifMatch), request.value(),
                request.asOf(), request.source(), request.note(), editor(principal), request.reason()));
        Indicator indicator = change.after().indicator(indicatorId).orElseThrow();
        return ResponseEntity.ok().eTag(Long.toString(change.changed().version()))
                .body(ProgressViews.ActualView.of(change.changed(), indicator));
    }

    /** The year's evaluation: for staff its latest version (a draft, maybe), for the public the published one. */
    @GetMapping("/evaluations/{fiscalYear}")
    ResponseEntity<ProgressViews.EvaluationView> evaluation(
            @PathVariable @Pattern(regexp = Ids.PATTERN) String planId,
            @PathVariable @Pattern(regexp = Ids.PATTERN) String measureId, @PathVariable int fiscalYear,
            Authentication caller) {
        FiscalYear year = FiscalYear.of(fiscalYear, "fiscalYear");
        Progress current = progress.get(planId, measureId);
        Evaluation evaluation = (PublicReads.isPublic(caller) ? current.publishedEvaluation(year)
                : current.evaluation(year)).orElseThrow(() -> new ProgressNotFoundException(
                "measure " + measureId + " has no evaluation for " + year.label()));
        return evaluationAnswer(current, evaluation);
    }

    /** Saves the year's evaluation as a draft; changing an existing one needs {@code If-Match}. */
    @PutMapping("/evaluations/{fiscalYear}")
    ResponseEntity<ProgressViews.EvaluationView> draftEvaluation(
            @PathVariable @Pattern(regexp = Ids.PATTERN) String planId,
            @PathVariable @Pattern(regexp = Ids.PATTERN) String measureId, @PathVariable int fiscalYear,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @Validated @RequestBody ProgressRequests.EvaluationRequest request, Principal principal) {
        FiscalYear year = FiscalYear.of(fiscalYear, "fiscalYear");
        Progress.Change<Evaluation> change = progress.draftEvaluation(planId, measureId, year,
                ifMatch == null ? null : Versions.fromIfMatch(ifMatch), request.grade(), request.comment(),
                request.nextAction(), request.evaluator(), editor(principal));
        return evaluationAnswer(change.after(), change.changed());
    }

    /** Publishes the year's evaluation as read ({@code If-Match}): the editor's act that makes it public. */
    @PostMapping("/evaluations/{fiscalYear}/publish")
    ResponseEntity<ProgressViews.EvaluationView> publishEvaluation(
            @PathVariable @Pattern(regexp = Ids.PATTERN) String planId,
            @PathVariable @Pattern(regexp = Ids.PATTERN) String measureId, @PathVariable int fiscalYear,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch, Principal principal) {
        long expectedVersion = Versions.fromIfMatch(ifMatch);
        Progress.Change<Evaluation> change = progress.publishEvaluation(planId, measureId,
                FiscalYear.of(fiscalYear, "fiscalYear"), expectedVersion, editor(principal));
        return evaluationAnswer(change.after(), change.changed());
    }

    private ResponseEntity<ProgressViews.EvaluationView> evaluationAnswer(Progress after, Evaluation evaluation) {
        return ResponseEntity.ok().eTag(Long.toString(evaluation.version()))
                .body(ProgressViews.EvaluationView.of(evaluation, after, progress.grades()));
    }

    private static ResponseEntity<ProgressViews.IndicatorView> indicatorChanged(Progress.Change<Indicator> change) {
        return ResponseEntity.ok().eTag(Long.toString(change.changed().version()))
                .body(ProgressViews.IndicatorView.of(change.changed(), change.after()));
    }

    private static String editor(Principal principal) {
        return principal == null ? Callers.ANONYMOUS : principal.getName();
    }
}
