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
 *   from the store every few seconds (a scrape never queries the database).</li>
 * </ul>
 */
@Component
class DeliveryMetrics {

    private final MeterRegistry meters;
    private final DeliveryStore deliveries;
    private final PartnerDirectory partners;
    private final Clock clock;
    private final MultiGauge backlog;
    private final MultiGauge oldestPendingAge;

    DeliveryMetrics(MeterRegistry meters, DeliveryStore deliveries, PartnerDirectory partners, Clock clock) {
        this.meters = meters;
        this.deliveries = deliveries;
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

    @Scheduled(fixedDelayString = "${renkei.sync.metrics-refresh-interval:5s}")
    void refreshBacklogs() {
        Map<String, DeliveryStore.Backlog> current = deliveries.backlogs();
        Instant now = clock.instant();
        List<Partner> all = partners.partners();
        backlog.register(all.stream().map(partner -> MultiGauge.Row.of(Tags.of("partner", partner.id()),
                current.containsKey(partner.id()) ? current.get(partner.id()).pending() : 0)).toList(), true);
        oldestPendingAge.register(all.stream().map(partner -> MultiGauge.Row.of(Tags.of("partner", partner.id()),
                current.containsKey(partner.id())
                        ? Duration.between(current.get(partner.id()).oldestCreatedAt(), now).toMillis() / 1000.0
                        : 0)).toList(), true);
    }
}
