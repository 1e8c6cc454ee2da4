package jp.renkei.web.api;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

/**
 * An API problem becomes a page with the same kind of status: a missing measure or consultation is 404; on the desk a
 * credential the gateway no longer accepts is 401 (sign in again) and a call the staff member's roles do not allow
 * 403; any other client error 400, and a failing or unreachable service 503 ("try again later"), never a stack trace.
 */
@ControllerAdvice
class ErrorPages {

    @ExceptionHandler(ApiProblemException.class)
    ModelAndView problem(ApiProblemException e) {
        HttpStatus status = switch (e.status()) {
            case 404 -> HttpStatus.NOT_FOUND;
            case 401 -> HttpStatus.UNAUTHORIZED;
            case 403 -> HttpStatus.FORBIDDEN;
            default -> e.status() >= 400 && e.status() < 500 ? HttpStatus.BAD_REQUEST : HttpStatus.SERVICE_UNAVAILABLE;
        };
        ModelAndView page = new ModelAndView("error", status);
        page.addObject("status", status.value());
        page.addObject("fromApi", true);
        return page;
    }
}
