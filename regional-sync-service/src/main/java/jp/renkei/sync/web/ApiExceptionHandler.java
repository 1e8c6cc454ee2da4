package jp.renkei.sync.web;

import static jp.renkei.support.web.ProblemDetailsExceptionHandler.problem;

import jp.renkei.support.web.ProblemDetailsExceptionHandler;
import jp.renkei.sync.collaboration.Collaboration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * regional-sync's own refusals as RFC 9457 problems, ordered before web-support's
 * {@link ProblemDetailsExceptionHandler}, which answers everything else as all Renkei services do.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiExceptionHandler {

    /** Other writes of the same response kept coming first: the caller reads it again and retries. */
    @ExceptionHandler(Collaboration.ConcurrentChangeException.class)
    ResponseEntity<ProblemDetail> concurrentChange(Collaboration.ConcurrentChangeException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .body(problem(HttpStatus.CONFLICT, "concurrent-change", "Changed concurrently", e.getMessage()));
    }

    /** A limit: the problem names it ({@code limit}, {@code max}) and, for one on how often, when to ask again. */
    @ExceptionHandler(LimitExceededException.class)
    ResponseEntity<ProblemDetail> limitExceeded(LimitExceededException e) {
        ProblemDetail problem = problem(e.status(), "limit-exceeded", "Limit exceeded", e.getMessage());
        problem.setProperty("limit", e.limit());
        problem.setProperty("max", e.max());
        if (e.field() != null) {
            problem.setProperty("field", e.field());
        }
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(e.status());
        if (e.retryAfter() != null) {
            answer.header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, e.retryAfter().toSeconds())));
        }
        return answer.body(problem);
    }
}
