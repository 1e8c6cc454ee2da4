package jp.renkei.inbox.receive;

import org.springframework.http.HttpStatus;

/** A request this inbox refuses, with the status, and the header or part of the request that is at fault. */
class WebhookProblem extends RuntimeException {

    private final HttpStatus status;
    private final String field;

    WebhookProblem(HttpStatus status, String field, String message) {
        super(message, null, false, false);
        this.status = status;
        this.field = field;
    }

    HttpStatus status() {
        return status;
    }

    String field() {
        return field;
    }
}
