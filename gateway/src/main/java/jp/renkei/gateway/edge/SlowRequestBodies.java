package jp.renkei.gateway.edge;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;

/**
 * A body that did not arrive whole within {@code renkei.gateway.request-body-timeout} ({@link RequestHeadDeadline}
 * sets it on the server) is the client's fault, not the gateway's: 408 problem+json, not a 500 with a stack trace.
 * The same timeout also reaches the body's other reader, the call to the service, after the answer was given; Reactor
 * reports such a late error as "dropped" at ERROR with its stack trace. That one report, for this one cause, is
 * lowered to DEBUG; every other dropped error is still logged at ERROR, as Reactor's default does.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class SlowRequestBodies implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(SlowRequestBodies.class);
    /** Reactor Netty's own, not public; RequestHeadDeadlineTest fails if it is ever renamed. */
    private static final String REQUEST_TIMED_OUT = "reactor.netty.http.server.RequestTimeoutException";
    /** Reactor's hooks are global: one for every gateway in the JVM. */
    private static final AtomicBoolean DROPPED_TIMEOUTS_QUIET = new AtomicBoolean();

    SlowRequestBodies() {
        if (DROPPED_TIMEOUTS_QUIET.compareAndSet(false, true)) {
            Hooks.onErrorDropped(dropped -> {
                if (timedOut(dropped)) {
                    log.debug("a slow request body's timeout, after its 408: {}", dropped.toString());
                } else {
                    log.error("Operator called default onErrorDropped", dropped);
                }
            });
        }
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
        if (timedOut(failure)) {
            return Problems.write(exchange.getResponse(), HttpStatus.REQUEST_TIMEOUT, "request-timeout",
                    "Request timeout", "the request body did not arrive whole in time");
        }
        return Mono.error(failure);
    }

    private static boolean timedOut(Throwable failure) {
        return failure.getClass().getName().equals(REQUEST_TIMED_OUT);
    }
}
