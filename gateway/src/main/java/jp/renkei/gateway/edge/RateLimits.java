package jp.renkei.gateway.edge;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import jp.renkei.gateway.EdgeProperties;
import jp.renkei.gateway.EdgeProperties.RateLimit;
import jp.renkei.gateway.access.AccessMatrix;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Token buckets per client ({@link ClientAddresses}: an IPv4 address, an IPv6 /64): one for everything, and a stricter
 * one for submitting opinions, which anyone may do without a key. Runs before authentication, so a flood of bad keys
 * is limited like any other, and classifies a request by the same decoded path the access matrix decides on (an
 * opinion spelled {@code %6Fpinions} is an opinion). An empty bucket answers 429 with {@code Retry-After}. The buckets
 * of the clients seen least recently are forgotten first when there are too many.
 */
@Component
public class RateLimits implements WebFilter, Ordered {

    private static final int MAX_TRACKED_CLIENTS = 100_000;

    private final EdgeProperties properties;
    private final ClientAddresses clients;
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder().maximumSize(MAX_TRACKED_CLIENTS)
            .expireAfterAccess(Duration.ofHours(1)).build();

    public RateLimits(EdgeProperties properties, ClientAddresses clients) {
        this.properties = properties;
        this.clients = clients;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String client = clients.clientOf(exchange.getRequest());
        ConsumptionProbe general = bucket("all " + client, properties.perClient()).tryConsumeAndReturnRemaining(1);
        if (!general.isConsumed()) {
            return tooMany(exchange, general);
        }
        if (AccessMatrix.isOpinionSubmission(exchange.getRequest().getMethod(),
                exchange.getRequest().getPath().pathWithinApplication().value())) {
            ConsumptionProbe opinions = bucket("opinions " + client, properties.opinionPosts())
                    .tryConsumeAndReturnRemaining(1);
            if (!opinions.isConsumed()) {
                return tooMany(exchange, opinions);
            }
        }
        return chain.filter(exchange);
    }

    private Bucket bucket(String key, RateLimit limit) {
        return buckets.get(key, ignored -> Bucket.builder()
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

    @Override
    public int getOrder() {
        // after CORS (pre-flight requests), before authentication
        return Ordered.HIGHEST_PRECEDENCE + 60;
    }
}
