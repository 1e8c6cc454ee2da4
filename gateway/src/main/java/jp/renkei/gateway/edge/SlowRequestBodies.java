package jp.renkei.gateway.edge;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import jp.renkei.gateway.EdgeProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServer;

/**
 * A request's body has {@code renkei.gateway.request-body-timeout} to arrive whole once its head has (Reactor Netty's
 * request timeout, set on the server here; the head has its own, {@link RequestHeadDeadline}). A body that did not is
 * the client's fault, not the gateway's: 408 problem+json, not a 500 with a stack trace.
 * The same timeout also reaches the body's other reader, the call to the service, after the answer was given; Reactor
 * reports such a late error as "dropped" at ERROR with its stack trace. That one report, for this one cause, is
 * lowered to DEBUG; every other dropped error is still logged at ERROR, as Reactor's default does.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class SlowRequestBodies implements WebExceptionHandler, NettyServerCustomizer {

    private static final Logger log = LoggerFactory.getLogger(SlowRequestBodies.class);
    /** Reactor Netty's own, not public; RequestHeadDeadlineTest fails if it is ever renamed. */
    private static final String REQUEST_TIMED_OUT = "reactor.netty.http.server.RequestTimeoutException";
    /** Reactor's hooks are global: one for every gateway in the JVM. */
    private static final AtomicBoolean DROPPED_TIMEOUTS_QUIET = new AtomicBoolean();

    private final Duration timeout;

    SlowRequestBodies(EdgeProperties properties) {
        this.timeout = properties.requestBodyTimeout();
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
    public HttpServer apply(HttpServer server) {
        return server.requestTimeout(timeout);
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
