package jp.renkei.web.desk;

import org.springframework.http.HttpStatus;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/** The HTTP status of the page being rendered: a form that comes back with problems is a 4xx, not a 200. */
public final class PageStatus {

    private PageStatus() {
    }

    public static void set(HttpStatus status) {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                && attributes.getResponse() != null) {
            attributes.getResponse().setStatus(status.value());
        }
    }
}
