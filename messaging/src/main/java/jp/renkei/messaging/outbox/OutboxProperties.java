package jp.renkei.messaging.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The relay of a service's outbox; it runs when the service names its lanes ({@code name}).
 *
 * @param name          what the lanes are called in {@code outbox_lanes} ({@code <name>/lane-<i>-of-<lanes>}); the
 *                      same in every instance of one service
 * @param sweepInterval how often the sweeper looks for events left pending
 * @param lease         how long one instance's lease on a lane lasts without being renewed: after a crash, how long
 *                      the lane's events wait before another instance (or the restarted one) takes it over
 * @param lanes         how many lanes the aggregates are spread over; the same in every instance
 */
@ConfigurationProperties("renkei.messaging.outbox")
public record OutboxProperties(String name, @DefaultValue("5s") Duration sweepInterval,
                               @DefaultValue("10s") Duration lease, @DefaultValue("4") int lanes) {
}
