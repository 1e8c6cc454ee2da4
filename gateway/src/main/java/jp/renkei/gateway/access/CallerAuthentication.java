package jp.renkei.gateway.access;

import java.util.Locale;
import java.util.regex.Pattern;
import jp.renkei.gateway.edge.Problems;
import jp.renkei.gateway.keys.ApiKeySecrets;
import jp.renkei.gateway.keys.ApiKeys;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Establishes who is calling — an API key, a staff token from the city's identity provider (when configured), or
 * nobody ({@code PUBLIC}) — and lets the call through only where the {@link AccessMatrix} allows it. A credential
 * that is presented but not valid is refused, never treated as anonymous. Runs for every path the gateway serves,
 * its own API included.
 */
@Component
public class CallerAuthentication implements WebFilter, Ordered {

    /**
     * Dot segments, encoded separators and {@code ;} (matrix parameters, {@code ..;}): a service might resolve them
     * to a path the matrix did not check.
     */
    private static final Pattern AMBIGUOUS_PATH = Pattern.compile("(?i)(^|/)\\.{1,2}(/|$)|%2e|%2f|%5c|%3b|;|\\\\|//");
    private static final String BEARER = "bearer ";

    private final ApiKeys keys;
    private final ObjectProvider<StaffTokens> staffTokens;

    public CallerAuthentication(ApiKeys keys, ObjectProvider<StaffTokens> staffTokens) {
        this.keys = keys;
        this.staffTokens = staffTokens;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        String rawPath = exchange.getRequest().getURI().getRawPath();
        if (AMBIGUOUS_PATH.matcher(rawPath == null ? path : rawPath).find()) {
            return Problems.write(exchange.getResponse(), HttpStatus.BAD_REQUEST, "ambiguous-path", "Ambiguous path",
                    "the path contains dot segments, empty segments, encoded separators or ';'");
        }
        return caller(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION))
                .flatMap(caller -> switch (AccessMatrix.decide(exchange.getRequest().getMethod(), path, caller)) {
                    case ALLOW -> {
                        exchange.getAttributes().put(Caller.ATTRIBUTE, caller);
                        yield chain.filter(exchange);
                    }
                    case UNAUTHENTICATED -> unauthorized(exchange, "this call needs an API key: "
                            + "Authorization: Bearer rk_…", null);
                    case FORBIDDEN -> Problems.write(exchange.getResponse(), HttpStatus.FORBIDDEN, "forbidden",
                            "Forbidden", "the caller's roles do not allow this call");
                    case UNKNOWN_PATH -> Problems.write(exchange.getResponse(), HttpStatus.NOT_FOUND, "not-found",
                            "Not found", "the gateway serves no such path");
                })
                .onErrorResume(InvalidCredentialException.class,
                        e -> unauthorized(exchange, e.getMessage(), "invalid_token"));
    }

    private Mono<Caller> caller(String authorization) {
        if (authorization == null) {
            return Mono.just(Caller.anonymous());
        }
        if (!authorization.toLowerCase(Locale.ROOT).startsWith(BEARER)) {
            return Mono.error(new InvalidCredentialException("only Authorization: Bearer is accepted"));
        }
        String credential = authorization.substring(BEARER.length()).strip();
        if (credential.startsWith(ApiKeySecrets.PREFIX)) {
            return keys.authenticate(credential).switchIfEmpty(Mono.error(() ->
                    new InvalidCredentialException("the API key is unknown, revoked or expired")));
        }
        StaffTokens staff = staffTokens.getIfAvailable();
        if (staff == null) {
            return Mono.error(new InvalidCredentialException("the bearer credential is not an API key"));
        }
        return staff.authenticate(credential).switchIfEmpty(Mono.error(() ->
                new InvalidCredentialException("the staff token is not valid")));
    }

    private static Mono<Void> unauthorized(ServerWebExchange exchange, String detail, String error) {
        exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE,
                error == null ? "Bearer" : "Bearer error=\"" + error + "\"");
        return Problems.write(exchange.getResponse(), HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", detail);
    }

    @Override
    public int getOrder() {
        // after CORS (which answers pre-flight requests, which carry no credentials), before everything else
        return Ordered.HIGHEST_PRECEDENCE + 100;
    }

    /** A credential was presented and is not valid. */
    static final class InvalidCredentialException extends RuntimeException {
        InvalidCredentialException(String message) {
            super(message, null, false, false);
        }
    }
}
