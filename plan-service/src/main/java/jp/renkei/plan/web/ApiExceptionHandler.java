package jp.renkei.plan.web;

import jakarta.validation.ConstraintViolationException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import jp.renkei.plan.measure.ForbiddenTransitionException;
import jp.renkei.plan.measure.MeasureAlreadyExistsException;
import jp.renkei.plan.measure.MeasureNotFoundException;
import jp.renkei.plan.measure.StaleVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;

/**
 * Turns every failure into an RFC 9457 problem: bad input is a 4xx naming the field, anything unexpected a 500
 * without internals. Stack traces stay in the log.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);
    private static final String TYPE_BASE = "https://renkei.jp/problems/";

    @ExceptionHandler(MeasureNotFoundException.class)
    ProblemDetail notFound(MeasureNotFoundException e) {
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

    @ExceptionHandler(InvalidFieldException.class)
    ProblemDetail invalidField(InvalidFieldException e) {
        return invalid(e.field(), e.getMessage());
    }

    @ExceptionHandler({PlanNotFoundException.class, RevisionController.RevisionNotFoundException.class})
    ProblemDetail otherNotFound(RuntimeException e) {
        return problem(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage());
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

    /** A merge patch that produced a body of the wrong shape. */
    @ExceptionHandler(JacksonException.class)
    ProblemDetail badPatch(JacksonException e) {
        String field = pathOf(e);
        return invalid(field.isEmpty() ? "body" : field, e instanceof tools.jackson.databind.exc.UnrecognizedPropertyException
                ? "unknown field " + field : "the value of " + field + " has the wrong type or form");
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ProblemDetail constraintViolation(ConstraintViolationException e) {
        List<Map<String, String>> errors = e.getConstraintViolations().stream()
                .map(violation -> Map.of("field", lastNode(violation.getPropertyPath().toString()),
                        "message", violation.getMessage()))
                .toList();
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
                "the request has invalid values");
        problem.setProperty("errors", errors);
        return problem;
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        log.error("unexpected failure", e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error",
                "the service could not complete the request; it has been logged");
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = e.getBindingResult().getFieldErrors().stream()
                .map(error -> Map.of("field", error.getField(), "message", String.valueOf(error.getDefaultMessage())))
                .toList();
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
                errors.size() == 1 ? errors.get(0).get("field") + ": " + errors.get(0).get("message")
                        : errors.size() + " fields are invalid");
        problem.setProperty("errors", errors);
        return ResponseEntity.badRequest().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
                                                                            HttpHeaders headers, HttpStatusCode status,
                                                                            WebRequest request) {
        List<Map<String, String>> errors = e.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream().map(error -> Map.of(
                        "field", String.valueOf(result.getMethodParameter().getParameterName()),
                        "message", String.valueOf(error.getDefaultMessage()))))
                .toList();
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
                "the request has invalid values");
        problem.setProperty("errors", errors);
        return ResponseEntity.badRequest().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        ProblemDetail problem;
        if (causedBy(e, RequestSizeLimit.BodyTooLargeException.class)) {
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(problem(HttpStatus.CONTENT_TOO_LARGE,
                    "body-too-large", "Body too large", "the request body is larger than this API accepts"));
        }
        if (e.getCause() instanceof JacksonException jackson && !jackson.getPath().isEmpty()) {
            String field = pathOf(jackson);
            problem = invalid(field, jackson instanceof tools.jackson.databind.exc.UnrecognizedPropertyException
                    ? "unknown field " + field : "the value of " + field + " has the wrong type or form");
        } else {
            problem = problem(HttpStatus.BAD_REQUEST, "unreadable-body", "Unreadable body",
                    "the body is not valid UTF-8 JSON of the expected shape");
        }
        return ResponseEntity.badRequest().body(problem);
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static String pathOf(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String lastNode(String propertyPath) {
        int dot = propertyPath.lastIndexOf('.');
        return dot < 0 ? propertyPath : propertyPath.substring(dot + 1);
    }

    private static ProblemDetail invalid(String field, String detail) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", detail);
        problem.setProperty("field", field);
        problem.setProperty("errors", List.of(Map.of("field", field, "message", detail)));
        return problem;
    }

    private static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + type));
        problem.setTitle(title);
        return problem;
    }
}
