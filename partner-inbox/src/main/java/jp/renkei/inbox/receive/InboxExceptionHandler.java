package jp.renkei.inbox.receive;

import java.net.URI;
import jp.renkei.inbox.store.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Every refusal as an RFC 9457 problem naming what is at fault; never a stack trace. */
@RestControllerAdvice
class InboxExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(InboxExceptionHandler.class);

    @ExceptionHandler(WebhookProblem.class)
    ResponseEntity<ProblemDetail> refused(WebhookProblem e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(e.status(), e.field() + ": " + e.getMessage());
        problem.setType(URI.create("https://renkei.jp/problems/webhook-refused"));
        problem.setTitle("Webhook refused");
        problem.setProperty("field", e.field());
        return ResponseEntity.status(e.status()).body(problem);
    }

    /** 503 so that the sender retries: it was not told the event arrived. */
    @ExceptionHandler(StoreUnavailableException.class)
    ResponseEntity<ProblemDetail> storeUnavailable(StoreUnavailableException e) {
        log.error("{}", e.getMessage(), e.getCause());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "the inbox could not store the event; send it again later");
        problem.setType(URI.create("https://renkei.jp/problems/store-unavailable"));
        problem.setTitle("Store unavailable");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "30").body(problem);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("unexpected failure", e);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "the inbox could not complete the request; it has been logged");
        problem.setType(URI.create("https://renkei.jp/problems/internal"));
        problem.setTitle("Internal error");
        return ResponseEntity.internalServerError().body(problem);
    }
}
