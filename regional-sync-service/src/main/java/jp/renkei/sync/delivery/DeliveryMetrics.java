package jp.renkei.sync.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import jp.renkei.sync.partner.Partner;
import jp.renkei.sync.partner.PartnerDirectory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Per-partner delivery metrics on Actuator's Prometheus endpoint, tagged {@code partner}:
 * <ul>
 *   <li>{@code renkei_sync_delivery_attempts_seconds{outcome=success|failure}}: each request and how long it took,
 *   so the success rate is {@code rate(…_count{outcome="success"}) / rate(…_count)};</li>
 *   <li>{@code renkei_sync_delivery_latency_seconds}: from the event's time to the partner's 2xx;</li>
 *   <li>{@code renkei_sync_delivery_throttled_total}: how often a due delivery waited for the partner's own limit of
 *   deliveries a second (its endpoint's throttle), so a partner that asked for a trickle can see it is the cause;</li>
 *   <li>{@code renkei_sync_partner_backlog} and {@code renkei_sync_partner_oldest_pending_age_seconds}, refreshed
 *   every few seconds from the dispatcher's queues, never from the store (its pending deliveries grow with a partner's
 *   outage, and the embedded store would read them all). Each instance counts the endpoints it owns: sum over
 *   instances ({@code sum by (partner)}) for the whole backlog, and take the max for the oldest.</li>
 * </ul>
 */
@Component
class DeliveryMetrics {

    private final MeterRegistry meters;
    private final PartnerDirectory partners;
    private final Clock clock;
    private final MultiGauge backlog;
    private final MultiGauge oldestPendingAge;
    /** The dispatcher's count; null from it when it could not count this time. */
    private volatile Supplier<Map<String, Backlog>> backlogs = Map::of;

    DeliveryMetrics(MeterRegistry meters, PartnerDirectory partners, Clock clock) {
        this.meters = meters;
        this.partners = partners;
        this.clock = clock;
        this.backlog = MultiGauge.builder("renkei.sync.partner.backlog")
                .description("deliveries waiting to be accepted by the partner").register(meters);
        this.oldestPendingAge = MultiGauge.builder("renkei.sync.partner.oldest.pending.age")
                .description("age of the partner's oldest waiting delivery").baseUnit("seconds").register(meters);
    }

    void attempted(String partnerId, boolean succeeded, long nanos) {
        Timer.builder("renkei.sync.delivery.attempts").description("webhook requests and their duration")
                .tags("partner", partnerId, "outcome", succeeded ? "success" : "failure")
                .register(meters).record(nanos, TimeUnit.NANOSECONDS);
    }

    void delivered(String partnerId, Instant eventTime, Instant deliveredAt) {
        Timer.builder("renkei.sync.delivery.latency").description("from the event's time to the partner's 2xx")
                .tags("partner", partnerId).publishPercentileHistogram()
                .register(meters).record(Duration.between(eventTime, deliveredAt).abs());
    }

    void heldByThrottle(String partnerId) {
        Counter.builder("renkei.sync.delivery.throttled")
                .description("times a due delivery waited for its endpoint's deliveries-a-second limit")
                .tags("partner", partnerId).register(meters).increment();
    }

    void backlogsFrom(Supplier<Map<String, Backlog>> counter) {
        this.backlogs = counter;
    }

    @Scheduled(fixedDelayString = "${renkei.sync.metrics-refresh-interval:5s}")
    void refreshBacklogs() {
        Map<String, Backlog> current = backlogs.get();
        if (current == null) {
            return;
        }
        Instant now = clock.instant();
        List<Partner> all = partners.partners();
        backlog.register(all.stream().map(partner -> MultiGauge.Row.of(Tags.of("partner", partner.id()),
                current.containsKey(partner.id()) ? current.get(partner.id()).pending() : 0)).toList(), true);
        oldestPendingAge.register(all.stream().map(partner -> MultiGauge.Row.of(Tags.of("partner", partner.id()),
                current.containsKey(partner.id()) ? current.get(partner.id()).ageAt(now) : 0)).toList(), true);
    }

    /**
     * A partner's pending deliveries and when the oldest was created (null when all of them wait in the store while
     * the dispatcher reads them again).
     */
    record Backlog(long pending, Instant oldestCreatedAt) {

        Backlog plus(Backlog other) {
            Instant oldest = oldestCreatedAt == null ? other.oldestCreatedAt
                    : other.oldestCreatedAt == null || oldestCreatedAt.isBefore(other.oldestCreatedAt)
                    ? oldestCreatedAt : other.oldestCreatedAt;
            return new Backlog(pending + other.pending, oldest);
        }

        double ageAt(Instant now) {
            return oldestCreatedAt == null ? 0 : Duration.between(oldestCreatedAt, now).toMillis() / 1000.0;
        }
    }
}
