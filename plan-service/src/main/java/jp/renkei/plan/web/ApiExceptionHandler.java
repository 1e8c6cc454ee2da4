package jp.renkei.plan.web;

import static jp.renkei.support.web.ProblemDetailsExceptionHandler.invalid;
import static jp.renkei.support.web.ProblemDetailsExceptionHandler.problem;

import jp.renkei.plan.measure.ForbiddenTransitionException;
import jp.renkei.plan.measure.JointMeasureStatusException;
import jp.renkei.plan.measure.MissingApprovalsException;
import jp.renkei.plan.measure.NotCoOwnerException;
import jp.renkei.plan.measure.StaleApprovalException;
import jp.renkei.plan.measure.MeasureAlreadyExistsException;
import jp.renkei.plan.measure.MeasureNotFoundException;
import jp.renkei.plan.measure.StaleVersionException;
import jp.renkei.plan.progress.InvalidProgressException;
import jp.renkei.plan.progress.ProgressConflictException;
import jp.renkei.plan.progress.ProgressNotFoundException;
import jp.renkei.plan.progress.StaleProgressException;
import jp.renkei.plan.progress.VersionRequiredException;
import jp.renkei.support.web.ProblemDetailsExceptionHandler;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The plan's own refusals as RFC 9457 problems: what is particular to versioned measures (428 without
 * {@code If-Match}, 412 with a stale one), joint plans and progress. Ordered before web-support's
 * {@link ProblemDetailsExceptionHandler}, which answers everything else as all Renkei services do.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiExceptionHandler {

    @ExceptionHandler({MeasureNotFoundException.class, PlanNotFoundException.class,
            RevisionController.RevisionNotFoundException.class, ProgressNotFoundException.class})
    ProblemDetail notFound(RuntimeException e) {
        return problem(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage());
    }

    @ExceptionHandler(StaleVersionException.class)
    ResponseEntity<ProblemDetail> stale(StaleVersionException e) {
        return stale("The measure has changed", e.getMessage(), e.currentVersion());
    }

    @ExceptionHandler(StaleProgressException.class)
    ResponseEntity<ProblemDetail> staleProgress(StaleProgressException e) {
        return stale("It has changed", e.getMessage(), e.currentVersion());
    }

    private static ResponseEntity<ProblemDetail> stale(String title, String message, long currentVersion) {
        ProblemDetail problem = problem(HttpStatus.PRECONDITION_FAILED, "stale-version", title,
                message + "; read it again and reapply your change");
        problem.setProperty("field", HttpHeaders.IF_MATCH);
        problem.setProperty("currentVersion", currentVersion);
        return ResponseEntity.status(HttpStatus.PRECONDITION_FAILED)
                .eTag(Long.toString(currentVersion)).body(problem);
    }

    @ExceptionHandler(InvalidProgressException.class)
    ProblemDetail invalidProgress(InvalidProgressException e) {
        return invalid(e.field(), e.getMessage());
    }

    @ExceptionHandler(ProgressConflictException.class)
    ProblemDetail progressConflict(ProgressConflictException e) {
        ProblemDetail problem = problem(HttpStatus.CONFLICT, "progress-conflict", "Not possible in this state",
                e.getMessage());
        problem.setProperty("field", e.field());
        return problem;
    }

    @ExceptionHandler({Versions.PreconditionRequiredException.class, VersionRequiredException.class})
    ProblemDetail preconditionRequired(RuntimeException e) {
        ProblemDetail problem = problem(HttpStatus.PRECONDITION_REQUIRED, "if-match-required", "If-Match required",
                e.getMessage());
        problem.setProperty("field", HttpHeaders.IF_MATCH);
        return problem;
    }

    @ExceptionHandler(Versions.MalformedIfMatchException.class)
    ProblemDetail malformedIfMatch(Versions.MalformedIfMatchException e) {
        return invalid(HttpHeaders.IF_MATCH, e.getMessage());
    }

    @ExceptionHandler(MeasureAlreadyExistsException.class)
    ProblemDetail alreadyExists(MeasureAlreadyExistsException e) {
        return problem(HttpStatus.CONFLICT, "already-exists", "Already exists", e.getMessage());
    }

    @ExceptionHandler(ForbiddenTransitionException.class)
    ProblemDetail forbiddenTransition(ForbiddenTransitionException e) {
        ProblemDetail problem = problem(HttpStatus.CONFLICT, "forbidden-transition", "Status change not allowed",
                e.getMessage());
        problem.setProperty("field", "status");
        problem.setProperty("currentStatus", e.from().name());
        problem.setProperty("allowed", e.from().next());
        return problem;
    }

    @ExceptionHandler(NotCoOwnerException.class)
    ProblemDetail notCoOwner(NotCoOwnerException e) {
        return problem(HttpStatus.FORBIDDEN, "not-a-co-owner", "Not a co-owner of this plan", e.getMessage());
    }

    /** 409, not 412: the version is the subject of the approval, in its body, not a precondition of the request. */
    @ExceptionHandler(StaleApprovalException.class)
    ProblemDetail staleApproval(StaleApprovalException e) {
        return conflict("stale-approval", "Not the current version", e, "version", "currentVersion",
                e.currentVersion());
    }

    @ExceptionHandler(MissingApprovalsException.class)
    ProblemDetail missingApprovals(MissingApprovalsException e) {
        return conflict("approvals-missing", "Co-owners have not approved", e, "status", "missingApprovals",
                e.missing());
    }

    @ExceptionHandler(JointMeasureStatusException.class)
    ProblemDetail jointMeasureStatus(JointMeasureStatusException e) {
        return conflict("joint-measure-status", "Not possible in this status", e, "status", "currentStatus",
                e.status().name());
    }

    /** A 409 naming the field at fault and what the client needs to go on (the current version, who is missing). */
    private static ProblemDetail conflict(String type, String title, RuntimeException e, String field,
                                          String property, Object value) {
        ProblemDetail problem = problem(HttpStatus.CONFLICT, type, title, e.getMessage());
        problem.setProperty("field", field);
        problem.setProperty(property, value);
        return problem;
    }
}
