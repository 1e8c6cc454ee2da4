package jp.renkei.gateway.token;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import jp.renkei.gateway.access.Caller;
import jp.renkei.gateway.edge.RequestIds;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * What a service learns about the caller comes only from the gateway: every header a client could use to claim an
 * identity is removed, and {@code Authorization} carries the internal token minted for the caller the gateway
 * authenticated (a {@code PUBLIC} one for anonymous callers).
 */
@Component
public class InternalTokenRelay implements GlobalFilter, Ordered {

    /** Headers removed by name. */
    static final Set<String> IDENTITY_HEADERS = Set.of("authorization", "proxy-authorization", "cookie",
            "x-forwarded-user", "x-forwarded-email", "x-forwarded-preferred-username", "x-forwarded-groups",
            "x-remote-user", "remote-user", "x-user", "x-user-id", "x-roles", "x-partner-id", "x-principal");
    /** Headers removed by the start of their name. */
    static final List<String> IDENTITY_HEADER_PREFIXES = List.of("x-renkei-", "x-auth", "x-user-", "x-forwarded-user",
            "x-remote-", "x-partner-", "x-role", "x-principal-", "x-client-cert", "x-ssl-client");

    static final String KEEP_COOKIES = "keep-cookies";

    private final InternalTokens tokens;

    public InternalTokenRelay(InternalTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        String token = tokens.mint(Caller.of(exchange), exchange.getRequest().getHeaders().getFirst(RequestIds.HEADER));
        boolean keepCookies = keepsCookies(exchange);
        return chain.filter(exchange.mutate().request(request -> request.headers(headers -> {
            List<String> names = List.copyOf(headers.headerNames());
            names.stream().filter(InternalTokenRelay::claimsIdentity)
                    .filter(name -> !(keepCookies && name.equalsIgnoreCase("cookie"))).forEach(headers::remove);
            headers.setBearerAuth(token);
        })).build());
    }

    /**
     * A route with the metadata {@code keep-cookies: true} (the web pages, whose forms' CSRF token lives in their own
     * session) gets the browser's cookies; no API route does.
     */
    private static boolean keepsCookies(ServerWebExchange exchange) {
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        return route != null && Boolean.parseBoolean(String.valueOf(route.getMetadata().get(KEEP_COOKIES)));
    }

    static boolean claimsIdentity(String header) {
        String name = header.toLowerCase(Locale.ROOT);
        return IDENTITY_HEADERS.contains(name) || IDENTITY_HEADER_PREFIXES.stream().anyMatch(name::startsWith);
    }

    @Override
    public int getOrder() {
        // after RequestIds, whose id the token carries
        return Ordered.HIGHEST_PRECEDENCE + 30;
    }
}
