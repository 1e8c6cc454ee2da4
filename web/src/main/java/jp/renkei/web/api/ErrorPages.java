package jp.renkei.web.api;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

/**
 * An API problem becomes a page with the same kind of status: a missing measure or consultation is 404, any other
 * client error 400, and a failing or unreachable service 503 ("try again later"), never a stack trace.
 */
@ControllerAdvice
class ErrorPages {

    @ExceptionHandler(ApiProblemException.class)
    ModelAndView problem(ApiProblemException e) {
        HttpStatus status = e.status() == 404 ? HttpStatus.NOT_FOUND
                : e.status() >= 400 && e.status() < 500 ? HttpStatus.BAD_REQUEST : HttpStatus.SERVICE_UNAVAILABLE;
        ModelAndView page = new ModelAndView("error", status);
        page.addObject("status", status.value());
        return page;
    }
}
