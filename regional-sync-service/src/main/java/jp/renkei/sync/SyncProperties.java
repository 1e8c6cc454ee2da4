package jp.renkei.sync;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param bootstrapEndpoints webhook endpoints created at start for seeded partners that have none yet (the local
 *                           stack points them at partner-inbox), keyed by partner id
 * @param webhookAllowList   hosts that webhook URLs may name although they are loopback or private
 */
@ConfigurationProperties("renkei.sync")
public record SyncProperties(Map<String, BootstrapEndpoint> bootstrapEndpoints, List<String> webhookAllowList,
                             @DefaultValue Delivery delivery) {

    public SyncProperties {
        bootstrapEndpoints = bootstrapEndpoints == null ? Map.of() : Map.copyOf(bootstrapEndpoints);
        webhookAllowList = webhookAllowList == null ? List.of() : List.copyOf(webhookAllowList);
    }

    public record BootstrapEndpoint(String url, String secret) {
    }

    /**
     * @param retrySchedule  delay before each attempt; the first is usually zero, the last decides when a delivery fails
     * @param requestTimeout how long one webhook request may take
     * @param pollInterval   how often the dispatcher looks for due deliveries
     */
    public record Delivery(
            @DefaultValue({"0s", "5s", "5m", "30m", "2h", "5h", "10h", "10h"}) List<Duration> retrySchedule,
            @DefaultValue("15s") Duration requestTimeout,
            @DefaultValue("500ms") Duration pollInterval,
            @DefaultValue("8") int maxConcurrentEndpoints) {
    }
}
