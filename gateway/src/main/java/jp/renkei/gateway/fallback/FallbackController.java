package jp.renkei.gateway.fallback;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Where a route's circuit breaker sends a request whose service is down, slow or failing: a 503 problem that says
 * which service and when to try again, instead of a hanging connection or a stack trace.
 */
@RestController
class FallbackController {

    @RequestMapping("/fallback/{service}")
    ResponseEntity<ProblemDetail> unavailable(@PathVariable String service) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                service + " is not answering; try again shortly");
        problem.setType(URI.create("https://renkei.jp/problems/service-unavailable"));
        problem.setTitle("Service unavailable");
        problem.setProperty("service", service);
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "5").body(problem);
    }
}
