package jp.renkei.support.web;

import jakarta.validation.ConstraintViolationException;
import org.apache.tomcat.util.http.InvalidParameterException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import jp.renkei.support.json.JsonFields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.ServletRequestBindingException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;

/**
 * Turns every failure of an MVC service into an RFC 9457 problem: bad input is a 4xx naming the field
 * ({@code field}, and {@code errors} as a list of field and message), anything unexpected a 500 without internals.
 * Stack traces stay in the log; rejected values are never echoed, so personal data sent in a bad request does not
 * come back in the problem nor go to the log.
 *
 * <p>{@link WebEdgeAutoConfiguration} registers it in a service that switches the web edge on
 * ({@code renkei.web-edge.enabled}). It comes last among the advices: a service maps the exceptions of its own domain
 * in a {@code @RestControllerAdvice} of its own (ordered before this one), building its answers with
 * {@link #problem} and {@link #invalid}, and everything else falls through to here.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class ProblemDetailsExceptionHandler extends ResponseEntityExceptionHandler {

    public static final String TYPE_BASE = "https://renkei.jp/problems/";

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsExceptionHandler.class);

    @ExceptionHandler(InvalidFieldException.class)
    public ProblemDetail invalidField(InvalidFieldException e) {
        return invalid(e.field(), e.getMessage());
    }

    @ExceptionHandler(ResourceNotFoundException.class)
    public ProblemDetail notFound(ResourceNotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage());
    }

    /** A body that binding accepted but a later conversion (a merge patch, say) found of the wrong shape. */
    @ExceptionHandler(JacksonException.class)
    public ProblemDetail badJson(JacksonException e) {
        String field = JsonFields.pathOf(e);
        return invalid(field.isEmpty() ? "body" : field, JsonFields.wrongShape(e, field));
    }

    @ExceptionHandler(ConstraintViolationException.class)
    public ProblemDetail constraintViolation(ConstraintViolationException e) {
        List<Map<String, String>> errors = e.getConstraintViolations().stream()
                .map(violation -> Map.of("field", lastNode(violation.getPropertyPath().toString()),
                        "message", violation.getMessage()))
                .toList();
        return invalid(errors);
    }

    /** A form body that is not percent-encoded UTF-8 (query strings are refused earlier, by {@link StrictQueryString}). */
    @ExceptionHandler(InvalidParameterException.class)
    public ProblemDetail undecodableParameter(InvalidParameterException e) {
        return invalid("body", "not percent-encoded UTF-8");
    }

    @ExceptionHandler(Exception.class)
    public ProblemDetail unexpected(Exception e) {
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
        return ResponseEntity.badRequest().body(invalid(errors));
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
        return ResponseEntity.badRequest().body(invalid(errors));
    }

    @Override
    protected ResponseEntity<Object> handleServletRequestBindingException(ServletRequestBindingException e,
                                                                          HttpHeaders headers, HttpStatusCode status,
                                                                          WebRequest request) {
        if (e instanceof MissingRequestHeaderException missing) {
            return ResponseEntity.badRequest().body(invalid(missing.getHeaderName(), "the header is required"));
        }
        return super.handleServletRequestBindingException(e, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException e,
                                                                          HttpHeaders headers, HttpStatusCode status,
                                                                          WebRequest request) {
        return ResponseEntity.badRequest().body(invalid(e.getParameterName(), "the parameter is required"));
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException e, HttpHeaders headers,
                                                        HttpStatusCode status, WebRequest request) {
        String field = e instanceof MethodArgumentTypeMismatchException mismatch ? mismatch.getName()
                : String.valueOf(e.getPropertyName());
        return ResponseEntity.badRequest().body(invalid(field, "the value has the wrong type or form"));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        if (causedBy(e, RequestBodyLimit.BodyTooLargeException.class)) {
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(problem(HttpStatus.CONTENT_TOO_LARGE,
                    "body-too-large", "Body too large", "the request body is larger than this API accepts"));
        }
        return ResponseEntity.badRequest().body(JsonFields.refusedField(e.getCause())
                .map(refused -> invalid(refused.field(), refused.reason()))
                .orElseGet(() -> problem(HttpStatus.BAD_REQUEST, "unreadable-body", "Unreadable body",
                        "the body is not valid UTF-8 JSON of the expected shape")));
    }

    /** A 400 naming one field. */
    public static ProblemDetail invalid(String field, String detail) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", field + ": " + detail);
        problem.setProperty("field", field);
        problem.setProperty("errors", List.of(Map.of("field", field, "message", detail)));
        return problem;
    }

    /** A 400 naming several fields; {@code field} is the first of them. */
    public static ProblemDetail invalid(List<Map<String, String>> errors) {
        if (errors.size() == 1) {
            return invalid(errors.get(0).get("field"), errors.get(0).get("message"));
        }
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
                errors.size() + " fields are invalid");
        if (!errors.isEmpty()) {
            problem.setProperty("field", errors.get(0).get("field"));
        }
        problem.setProperty("errors", errors);
        return problem;
    }

    /** A 409 of the given type naming the field that decided it (if any) and the facts that help the caller go on. */
    public static ProblemDetail conflict(String type, String title, String field, String detail,
                                         Map<String, Object> properties) {
        ProblemDetail problem = problem(HttpStatus.CONFLICT, type, title, detail);
        if (field != null) {
            problem.setProperty("field", field);
        }
        properties.forEach(problem::setProperty);
        return problem;
    }

    public static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + type));
        problem.setTitle(title);
        return problem;
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static String lastNode(String propertyPath) {
        int dot = propertyPath.lastIndexOf('.');
        return dot < 0 ? propertyPath : propertyPath.substring(dot + 1);
    }
}
