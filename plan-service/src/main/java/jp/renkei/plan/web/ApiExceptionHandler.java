package jp.renkei.plan.web;

import jp.renkei.plan.measure.ForbiddenTransitionException;
import jp.renkei.plan.measure.MeasureAlreadyExistsException;
import jp.renkei.plan.measure.MeasureNotFoundException;
import jp.renkei.plan.measure.StaleVersionException;
import jp.renkei.support.web.ProblemDetailsExceptionHandler;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Every failure as an RFC 9457 problem, as all Renkei services answer (see {@link ProblemDetailsExceptionHandler}),
 * plus what is particular to versioned measures: 428 without {@code If-Match}, 412 with a stale one.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ProblemDetailsExceptionHandler {

    @ExceptionHandler({MeasureNotFoundException.class, PlanNotFoundException.class,
            RevisionController.RevisionNotFoundException.class})
    ProblemDetail notFound(RuntimeException e) {
        return problem(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage());
    }

    @ExceptionHandler(StaleVersionException.class)
    ResponseEntity<ProblemDetail> stale(StaleVersionException e) {
        ProblemDetail problem = problem(HttpStatus.PRECONDITION_FAILED, "stale-version", "The measure has changed",
                e.getMessage() + "; read it again and reapply your change");
        problem.setProperty("currentVersion", e.currentVersion());
        return ResponseEntity.status(HttpStatus.PRECONDITION_FAILED)
                .eTag(Long.toString(e.currentVersion())).body(problem);
    }

    @ExceptionHandler(Versions.PreconditionRequiredException.class)
    ProblemDetail preconditionRequired(Versions.PreconditionRequiredException e) {
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
}
