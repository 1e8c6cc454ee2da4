package jp.renkei.gateway.token;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import jp.renkei.gateway.access.Caller;
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
 * authenticated (a {@code PUBLIC} one for anonymous callers), for the service the route leads to.
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

    /** Route metadata: the name of the service behind the route, which its tokens are for. */
    static final String AUDIENCE = "audience";

    /** Route metadata: {@code true} where the browser's cookies go through (the web pages' session). */
    static final String KEEP_COOKIES = "keep-cookies";

    private final InternalTokens tokens;

    public InternalTokenRelay(InternalTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        String token = tokens.tokenFor(Caller.of(exchange), audienceOf(exchange));
        boolean keepCookies = keepsCookies(exchange);
        return chain.filter(exchange.mutate().request(request -> request.headers(headers -> {
            List<String> names = List.copyOf(headers.headerNames());
            names.stream().filter(InternalTokenRelay::claimsIdentity)
                    .filter(name -> !(keepCookies && name.equalsIgnoreCase("cookie"))).forEach(headers::remove);
            headers.setBearerAuth(token);
        })).build());
    }

    /**
     * The service the route leads to, as the token's audience: the route's {@code audience} metadata, else its id. A
     * token for one service is refused by every other, so it cannot be replayed elsewhere.
     */
    static String audienceOf(ServerWebExchange exchange) {
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        if (route == null) {
            throw new IllegalStateException("no route chosen for " + exchange.getRequest().getPath());
        }
        return route.getMetadata().getOrDefault(AUDIENCE, route.getId()).toString();
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
        return Ordered.HIGHEST_PRECEDENCE + 30;
    }
}
