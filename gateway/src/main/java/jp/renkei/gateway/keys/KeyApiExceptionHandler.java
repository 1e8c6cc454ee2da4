package jp.renkei.gateway.keys;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Bad input to the key API as a 4xx problem naming the field. */
@RestControllerAdvice(assignableTypes = ApiKeyController.class)
class KeyApiExceptionHandler {

    @ExceptionHandler(InvalidKeyRequestException.class)
    ProblemDetail invalid(InvalidKeyRequestException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setType(URI.create("https://renkei.jp/problems/invalid-request"));
        problem.setTitle("Invalid request");
        problem.setProperty("field", e.field());
        problem.setProperty("errors", List.of(Map.of("field", e.field(), "message", e.getMessage())));
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
