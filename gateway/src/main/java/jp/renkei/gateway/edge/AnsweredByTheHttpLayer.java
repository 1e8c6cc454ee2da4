package jp.renkei.gateway.edge;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

/**
 * A request whose body turns out to be unreadable as HTTP after its head was read (a chunk size that is not hex, a
 * chunk longer than announced) is answered by Reactor Netty itself, 400 and the connection closed (a problem body
 * from {@link HttpLayerProblems}), while the filters are still at work on it. Whatever they then write fails, since
 * the answer is out; without this, that failure reached Spring's last handler and was logged as a 500 with a stack
 * trace at ERROR — for a client's malformed request. Here a failure on an exchange whose answer the HTTP layer has
 * already sent ends quietly.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class AnsweredByTheHttpLayer implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(AnsweredByTheHttpLayer.class);

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
        if (ServerHttpResponseDecorator.getNativeResponse(exchange.getResponse()) instanceof HttpServerResponse netty
                && netty.hasSentHeaders()) {
            log.debug("{} {}: answered by the HTTP layer already ({})", exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath(), failure.toString());
            return Mono.empty();
        }
        return Mono.error(failure);
    }
}
