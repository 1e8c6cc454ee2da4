package jp.renkei.gateway.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import jp.renkei.gateway.access.Caller;
import org.reactivestreams.Publisher;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Answers anonymous reads of public content from memory, as a shared HTTP cache in front of the services would.
 * Only what a service marked {@code public} with a positive max-age is kept (plan-service's public plan reads; staff
 * and partner answers are {@code no-store}), only for callers without any credential or cookie, for at most
 * {@code renkei.gateway.public-read-cache.max-age} (1 s by default), keyed by the raw path and query and by every
 * request header the answer {@code Vary}s on. Any write the gateway lets through drops every kept answer, before it
 * is forwarded and again when it completes, and an answer that was on its way while a write passed is not kept: a
 * reader sees a change made through this instance at once, and one made elsewhere within the max-age. A request that
 * asks for the origin ({@code Cache-Control: no-cache}, {@code max-age=0}, {@code Pragma: no-cache}) goes through and
 * refreshes the kept answer. Runs after authentication and rate limiting, so a cached answer is counted and refused
 * like any other.
 */
@Component
@EnableConfigurationProperties(PublicReadCacheProperties.class)
public class PublicReadCache implements WebFilter, Ordered {

    /** Answer headers that belong to one exchange, never to the content. */
    private static final Set<String> NOT_KEPT = Set.of("x-request-id", "connection", "keep-alive", "transfer-encoding",
            "te", "trailer", "upgrade", "proxy-authenticate", "proxy-connection", "age", "set-cookie", "retry-after");
    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
            HttpMethod.TRACE);

    private final PublicReadCacheProperties properties;
    private final Cache<String, CachedAnswer> answers;
    /** Moved by every write: an answer read before a write completed is not kept after it. */
    private final AtomicLong writes = new AtomicLong();

    public PublicReadCache(PublicReadCacheProperties properties, ObjectProvider<MeterRegistry> meters) {
        this.properties = properties;
        this.answers = Caffeine.newBuilder().maximumSize(properties.maxEntries())
                .expireAfterWrite(properties.maxAge()).recordStats().build();
        meters.ifAvailable(registry -> CaffeineCacheMetrics.monitor(registry, answers, "gateway.public-reads"));
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        HttpMethod method = exchange.getRequest().getMethod();
        if (!properties.enabled()) {
            return chain.filter(exchange);
        }
        if (!SAFE.contains(method)) {
            forgetAll();
            return chain.filter(exchange).doFinally(signal -> forgetAll());
        }
        if (method != HttpMethod.GET || !anonymous(exchange)) {
            return chain.filter(exchange);
        }
        HttpHeaders request = exchange.getRequest().getHeaders();
        String key = key(exchange.getRequest());
        if (!SharedCacheLifetime.requestWantsOrigin(request.getOrEmpty(HttpHeaders.CACHE_CONTROL),
                request.getOrEmpty(HttpHeaders.PRAGMA))) {
            long now = System.nanoTime();
            CachedAnswer kept = answers.getIfPresent(key);
            if (kept != null && kept.freshAt(now) && kept.suits(request)) {
                return answer(exchange, kept, now);
            }
        }
        if (SharedCacheLifetime.requestForbidsStoring(request.getOrEmpty(HttpHeaders.CACHE_CONTROL))) {
            return chain.filter(exchange);
        }
        return chain.filter(exchange.mutate().response(new Keeping(exchange, key, writes.get())).build());
    }

    private void forgetAll() {
        writes.incrementAndGet();
        answers.invalidateAll();
    }

    /** Nobody in particular: no key, no staff token, no cookie (the web pages' sessions). */
    private static boolean anonymous(ServerWebExchange exchange) {
        HttpHeaders request = exchange.getRequest().getHeaders();
        return Caller.of(exchange).isAnonymous() && !request.containsHeader(HttpHeaders.AUTHORIZATION)
                && !request.containsHeader(HttpHeaders.COOKIE);
    }

    private static String key(ServerHttpRequest request) {
        String query = request.getURI().getRawQuery();
        return request.getURI().getRawPath() + (query == null ? "" : "?" + query);
    }

    private static Mono<Void> answer(ServerWebExchange exchange, CachedAnswer kept, long now) {
        ServerHttpResponse response = exchange.getResponse();
        HttpHeaders headers = response.getHeaders();
        kept.headers().forEach(headers::put);
        headers.set(HttpHeaders.AGE, Long.toString(kept.ageSecondsAt(now)));
        String etag = kept.headers().getETag();
        if (etag != null && matches(exchange.getRequest().getHeaders().getIfNoneMatch(), etag)) {
            headers.remove(HttpHeaders.CONTENT_LENGTH);
            headers.remove(HttpHeaders.CONTENT_TYPE);
            response.setStatusCode(HttpStatus.NOT_MODIFIED);
            return response.setComplete();
        }
        response.setStatusCode(HttpStatus.valueOf(kept.status()));
        return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(kept.body())));
    }

    /** {@code If-None-Match} by the weak comparison RFC 9110 asks for it. */
    private static boolean matches(List<String> ifNoneMatch, String etag) {
        String opaque = weakless(etag);
        return ifNoneMatch.stream().anyMatch(candidate -> candidate.equals("*") || weakless(candidate).equals(opaque));
    }

    private static String weakless(String etag) {
        return etag.startsWith("W/") ? etag.substring(2) : etag;
    }

    @Override
    public int getOrder() {
        // after authentication (HIGHEST_PRECEDENCE + 100), which tells an anonymous caller from the others
        return Ordered.HIGHEST_PRECEDENCE + 110;
    }

    /** Passes the answer on and keeps a copy of it when it may be kept. */
    private final class Keeping extends ServerHttpResponseDecorator {

        private final ServerWebExchange exchange;
        private final String key;
        private final long writesAtStart;

        Keeping(ServerWebExchange exchange, String key, long writesAtStart) {
            super(exchange.getResponse());
            this.exchange = exchange;
            this.key = key;
            this.writesAtStart = writesAtStart;
        }

        @Override
        public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
            Optional<Duration> lifetime = lifetime();
            if (lifetime.isEmpty()) {
                return super.writeWith(body);
            }
            return DataBufferUtils.join(body).flatMap(joined -> {
                byte[] bytes = new byte[joined.readableByteCount()];
                joined.read(bytes);
                DataBufferUtils.release(joined);
                keep(bytes, lifetime.get());
                return super.writeWith(Mono.just(bufferFactory().wrap(bytes)));
            });
        }

        /** How long this answer may be kept: an OK answer of known, bounded length that says it is public. */
        private Optional<Duration> lifetime() {
            HttpHeaders headers = getHeaders();
            long length = headers.getContentLength();
            if (!HttpStatus.OK.equals(getStatusCode()) || length < 0 || length > properties.maxBodySize().toBytes()
                    || headers.containsHeader(HttpHeaders.SET_COOKIE) || headers.getVary().contains("*")) {
                return Optional.empty();
            }
            return SharedCacheLifetime.of(headers.getOrEmpty(HttpHeaders.CACHE_CONTROL))
                    .map(allowed -> allowed.compareTo(properties.maxAge()) < 0 ? allowed : properties.maxAge());
        }

        private void keep(byte[] body, Duration lifetime) {
            if (body.length != getHeaders().getContentLength()) {
                return;
            }
            HttpHeaders kept = new HttpHeaders();
            getHeaders().forEach((name, values) -> {
                if (!NOT_KEPT.contains(name.toLowerCase(Locale.ROOT))) {
                    kept.put(name, List.copyOf(values));
                }
            });
            Map<String, List<String>> variedOn = new LinkedHashMap<>();
            HttpHeaders request = exchange.getRequest().getHeaders();
            for (String header : getHeaders().getVary()) {
                variedOn.put(header, List.copyOf(request.getOrEmpty(header)));
            }
            long now = System.nanoTime();
            CachedAnswer answer = new CachedAnswer(HttpStatus.OK.value(), HttpHeaders.readOnlyHttpHeaders(kept), body,
                    Map.copyOf(variedOn), now, now + lifetime.toNanos());
            // a write that passed while this answer was on its way may have changed what it shows
            if (writes.get() == writesAtStart) {
                answers.put(key, answer);
                if (writes.get() != writesAtStart) {
                    answers.invalidate(key);
                }
            }
        }
    }
}
