package jp.renkei.gateway.edge;

import jp.renkei.gateway.EdgeProperties;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Refuses bodies above the configured size with 413 before anything reaches a service: by the declared length at
 * once, and for bodies sent without one by counting as they stream through.
 */
@Component
public class RequestSizeLimit implements GlobalFilter, Ordered {

    private final long maxBytes;

    public RequestSizeLimit(EdgeProperties properties) {
        this.maxBytes = properties.maxRequestSize().toBytes();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        long declared = exchange.getRequest().getHeaders().getContentLength();
        if (declared > maxBytes) {
            return Problems.write(exchange.getResponse(), HttpStatus.CONTENT_TOO_LARGE, "body-too-large",
                    "Body too large", "the request body is larger than " + maxBytes + " bytes");
        }
        if (declared >= 0) {
            return chain.filter(exchange);
        }
        ServerHttpRequestDecorator counted = new ServerHttpRequestDecorator(exchange.getRequest()) {
            @Override
            public Flux<DataBuffer> getBody() {
                long[] seen = {0};
                return super.getBody().doOnNext(buffer -> {
                    seen[0] += buffer.readableByteCount();
                    if (seen[0] > maxBytes) {
                        throw new ResponseStatusException(HttpStatus.CONTENT_TOO_LARGE,
                                "the request body is larger than " + maxBytes + " bytes");
                    }
                });
            }
        };
        return chain.filter(exchange.mutate().request(counted).build());
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 20;
    }
}
