package jp.renkei.consultation.web;

import static jp.renkei.support.web.ProblemDetailsExceptionHandler.conflict;
import static jp.renkei.support.web.ProblemDetailsExceptionHandler.invalid;
import static jp.renkei.support.web.ProblemDetailsExceptionHandler.problem;

import jp.renkei.consultation.refusal.InvalidFieldException;
import jp.renkei.consultation.refusal.NotFoundException;
import jp.renkei.consultation.refusal.StateConflictException;
import jp.renkei.support.web.ProblemDetailsExceptionHandler;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The consultation domain's refusals ({@code jp.renkei.consultation.refusal}) as RFC 9457 problems, the same answers
 * web-support gives its own exceptions: 400 naming the field, 409 of the conflict's type, 404. Ordered before
 * web-support's {@link ProblemDetailsExceptionHandler}, which answers everything else.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiExceptionHandler {

    @ExceptionHandler(InvalidFieldException.class)
    ProblemDetail invalidField(InvalidFieldException e) {
        return invalid(e.field(), e.getMessage());
    }

    @ExceptionHandler(StateConflictException.class)
    ProblemDetail stateConflict(StateConflictException e) {
        return conflict(e.type(), e.title(), e.field(), e.getMessage(), e.properties());
    }

    @ExceptionHandler(NotFoundException.class)
    ProblemDetail notFound(NotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage());
    }
}
