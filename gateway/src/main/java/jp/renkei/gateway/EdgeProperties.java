package jp.renkei.gateway;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param maxRequestSize larger request bodies are refused with 413 and never reach a service
 * @param perClient      the token bucket every client address gets (default 100 at once, 50 per second)
 * @param opinionPosts   the stricter bucket for submitting opinions, per client address (default 5, 5 per minute)
 * @param requestHeadTimeout how long a connection may take to deliver a whole request line and headers, counted from
 *                       its opening and from the end of each answer on it; then it is closed (default 60 s, nginx's
 *                       {@code client_header_timeout})
 * @param requestBodyTimeout how long a request's body may take to arrive whole once its head has; then 408 problem+json
 *                       (default 60 s, nginx's {@code client_body_timeout}, though nginx counts between reads)
 */
@ConfigurationProperties("renkei.gateway")
public record EdgeProperties(@DefaultValue("256KB") DataSize maxRequestSize, RateLimit perClient,
                             RateLimit opinionPosts, @DefaultValue("60s") Duration requestHeadTimeout,
                             @DefaultValue("60s") Duration requestBodyTimeout) {

    public EdgeProperties {
        positive("request-head-timeout", requestHeadTimeout);
        positive("request-body-timeout", requestBodyTimeout);
        perClient = perClient == null ? new RateLimit(100, 50, Duration.ofSeconds(1)) : perClient;
        opinionPosts = opinionPosts == null ? new RateLimit(5, 5, Duration.ofMinutes(1)) : opinionPosts;
    }

    private static void positive(String name, Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("renkei.gateway." + name + " must be positive (got " + timeout + ")");
        }
    }

    /**
     * A token bucket: {@code capacity} requests at once, refilled by {@code refill} every {@code period}. Checked when
     * the gateway starts, so a half-configured limit stops it with a message instead of failing every request.
     */
    public record RateLimit(long capacity, long refill, Duration period) {

        public RateLimit {
            if (capacity <= 0 || refill <= 0 || period == null || period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("a rate limit needs a positive capacity, refill and period (got "
                        + "capacity " + capacity + ", refill " + refill + ", period " + period + ")");
            }
        }
    }
}
