package jp.renkei.gateway.keys;

import java.net.URI;
import java.util.List;
import java.util.Map;
import jp.renkei.support.json.JsonFields;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebInputException;

/**
 * Bad input to the key API as a 4xx problem naming the field; before Boot's general problem details, which would
 * answer an unreadable body without naming one.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
@RestControllerAdvice(assignableTypes = ApiKeyController.class)
class KeyApiExceptionHandler {

    @ExceptionHandler(InvalidKeyRequestException.class)
    ProblemDetail invalid(InvalidKeyRequestException e) {
        return invalid(e.field(), e.getMessage());
    }

    /** A body that is not the JSON of a key request: the field it went wrong at, when there is one. */
    @ExceptionHandler(ServerWebInputException.class)
    ProblemDetail unreadable(ServerWebInputException e) {
        return JsonFields.refusedField(e).map(refused -> invalid(refused.field(), refused.reason()))
                .orElseGet(() -> invalid("body", "the body is not valid UTF-8 JSON of a key request"));
    }

    private static ProblemDetail invalid(String field, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setType(URI.create("https://renkei.jp/problems/invalid-request"));
        problem.setTitle("Invalid request");
        problem.setProperty("field", field);
        problem.setProperty("errors", List.of(Map.of("field", field, "message", detail)));
        return problem;
    }

    @ExceptionHandler(ApiKeyController.KeyNotFoundException.class)
    ProblemDetail notFound(ApiKeyController.KeyNotFoundException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setType(URI.create("https://renkei.jp/problems/not-found"));
        problem.setTitle("Not found");
        return problem;
    }
}
