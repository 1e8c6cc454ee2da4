package jp.renkei.gateway.edge;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import jp.renkei.gateway.EdgeProperties;
import jp.renkei.gateway.access.Caller;
import jp.renkei.gateway.EdgeProperties.RateLimit;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Token buckets per client address: one for everything, and a stricter one for submitting opinions, which anyone
 * may do without a key. A caller with an API key has its buckets per key instead, wherever it calls from. An empty
 * bucket answers 429 with {@code Retry-After}.
 */
@Component
public class RateLimits implements GlobalFilter, Ordered {

    private static final Pattern OPINION_POST = Pattern.compile("/api/consultations/[^/]+/opinions/?");
    private static final int MAX_TRACKED_CLIENTS = 100_000;

    private final EdgeProperties properties;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimits(EdgeProperties properties) {
        this.properties = properties;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        String client = clientOf(exchange);
        ConsumptionProbe general = bucket("all:" + client, properties.perClient()).tryConsumeAndReturnRemaining(1);
        if (!general.isConsumed()) {
            return tooMany(exchange, general);
        }
        if (exchange.getRequest().getMethod() == HttpMethod.POST
                && OPINION_POST.matcher(exchange.getRequest().getPath().value()).matches()) {
            ConsumptionProbe opinions = bucket("opinions:" + client, properties.opinionPosts())
                    .tryConsumeAndReturnRemaining(1);
            if (!opinions.isConsumed()) {
                return tooMany(exchange, opinions);
            }
        }
        return chain.filter(exchange);
    }

    private Bucket bucket(String key, RateLimit limit) {
        if (buckets.size() > MAX_TRACKED_CLIENTS) {
            // a flood of distinct addresses must not exhaust memory; starting the buckets afresh is the lesser harm
            buckets.clear();
        }
        return buckets.computeIfAbsent(key, ignored -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(limit.capacity())
                        .refillGreedy(limit.refill(), limit.period()).build())
                .build());
    }

    private static Mono<Void> tooMany(ServerWebExchange exchange, ConsumptionProbe probe) {
        long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill()) + 1);
        exchange.getResponse().getHeaders().set("Retry-After", Long.toString(seconds));
        return Problems.write(exchange.getResponse(), HttpStatus.TOO_MANY_REQUESTS, "rate-limited",
                "Too many requests", "slow down: try again in " + seconds + " s");
    }

    private static String clientOf(ServerWebExchange exchange) {
        Caller caller = Caller.of(exchange);
        if (caller.keyId() != null) {
            return "key " + caller.keyId();
        }
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        return remote == null || remote.getAddress() == null ? "unknown" : remote.getAddress().getHostAddress();
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }
}
