package jp.renkei.support.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The error page Tomcat forwards to for what it refuses after the request was read and for what fails outside Spring
 * MVC (a TRACE, a method it does not know, an exception in a filter): a problem like every other refusal, whatever the
 * method or the {@code Accept} header, in place of Spring Boot's own error JSON or HTML page. A method the server does
 * not implement is a 405 here, not a 501: it is the client's request that is wrong.
 */
@Controller
public class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:${error.path:/error}}")
    public void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer known ? known : response.getStatus();
        if (status == HttpServletResponse.SC_NOT_IMPLEMENTED) {
            status = HttpServletResponse.SC_METHOD_NOT_ALLOWED;
        } else if (status < 400) {
            status = HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
        }
        response.reset();
        ProblemResponses.write(response, ProblemResponses.forStatus(status));
    }
}
