package jp.renkei.web.api;

import java.util.Map;

/**
 * The gateway answered a call with an error (an RFC 9457 problem), or could not be reached ({@code status} 503).
 *
 * @param fieldErrors the {@code errors} of a 400 problem, by field (e.g. {@code text}, {@code submitter.name})
 */
public class ApiProblemException extends RuntimeException {

    private final int status;
    private final String title;
    private final transient Map<String, String> fieldErrors;

    public ApiProblemException(int status, String title, String detail, Map<String, String> fieldErrors) {
        super(detail);
        this.status = status;
        this.title = title;
        this.fieldErrors = Map.copyOf(fieldErrors);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public Map<String, String> fieldErrors() {
        return fieldErrors;
    }
}
