package jp.renkei.plan.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param sweepInterval how often the sweeper looks for events left pending
 * @param lease         how long one instance's claim on an aggregate lasts without being renewed
 * @param lanes         how many aggregates one instance relays in parallel
 */
@ConfigurationProperties("renkei.plan.outbox")
public record OutboxProperties(@DefaultValue("5s") Duration sweepInterval, @DefaultValue("30s") Duration lease,
                               @DefaultValue("4") int lanes) {
}
