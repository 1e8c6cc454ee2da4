package jp.renkei.sync.web;

import java.time.Duration;
import org.springframework.http.HttpStatus;

/**
 * A partner's request goes beyond one of the configured limits ({@code renkei.sync.limits.*}): answered as a
 * problem that names the limit and its value, and nothing of the request is done.
 *
 * @see ApiExceptionHandler
 */
class LimitExceededException extends RuntimeException {

    private final HttpStatus status;
    private final String field;
    private final String limit;
    private final Object max;
    private final Duration retryAfter;

    /**
     * @param field      the request field that went beyond it, or null
     * @param limit      the limit's setting under {@code renkei.sync.limits}, like {@code endpoints-per-partner}
     * @param retryAfter for a limit on how often: how long until the request may be made again, else null
     */
    LimitExceededException(HttpStatus status, String field, String limit, Object max, Duration retryAfter,
                           String message) {
        super(message);
        this.status = status;
        this.field = field;
        this.limit = limit;
        this.max = max;
        this.retryAfter = retryAfter;
    }

    HttpStatus status() {
        return status;
    }

    String field() {
        return field;
    }

    String limit() {
        return limit;
    }

    Object max() {
        return max;
    }

    Duration retryAfter() {
        return retryAfter;
    }
}
