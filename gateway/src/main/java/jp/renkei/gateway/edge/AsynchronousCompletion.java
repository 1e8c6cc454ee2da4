package jp.renkei.gateway.edge;

import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Handles every exchange on another thread than the event loop that read it. Reactor Netty 1.3.6 and 1.3.7 stop
 * answering on a keep-alive connection when a request that arrived while the one before was still being finished is
 * answered synchronously, within the read — as the gateway's kept public answers and its own refusals are, right
 * behind a routed request (reactor/reactor-netty#4361, fixed after 1.3.7; 1.3.8 does not run on the Netty this build
 * has): the client waits for an answer that never comes, a few requests in ten thousand under load. Moving only the
 * completion to another thread is not enough; the answer has to be written from there. The hop costs microseconds;
 * {@code PipelinedRequestsTest} hangs without it. Remove it with a Reactor Netty that has the fix, if that test still
 * passes.
 */
@Component
public class AsynchronousCompletion implements WebFilter, Ordered {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return chain.filter(exchange).subscribeOn(Schedulers.parallel());
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
