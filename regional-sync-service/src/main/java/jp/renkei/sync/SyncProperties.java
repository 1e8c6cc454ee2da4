package jp.renkei.sync;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param bootstrapEndpoints webhook endpoints created at start for seeded partners that have none yet (the local
 *                           stack points them at partner-inbox), keyed by partner id
 * @param webhookAllowList   {@code host:port} that webhook URLs may name although the host is loopback or private,
 *                           also with plain http ({@code host} alone: the scheme's default port; {@code host:*}: any)
 * @param secretKey          base64 of the 32-byte key that encrypts stored webhook secrets; when unset the key is
 *                           read from {@code secretKeyFile}, which is created with a new key the first time
 * @param previousSecretKeys keys that encrypted webhook secrets before the current one, while a rotation is under way:
 *                           what they sealed still opens, and is sealed again with the current key in the background
 * @param feedWakeInterval   how often the pull feed's waiting long polls are looked at (one read per partner waiting)
 * @param municipalityId     the city this service works for: its events' CloudEvents sources name it; required, so
 *                           that no city is assumed in code
 */
@ConfigurationProperties("renkei.sync")
public record SyncProperties(Map<String, BootstrapEndpoint> bootstrapEndpoints, List<String> webhookAllowList,
                             @DefaultValue Delivery delivery, @DefaultValue Limits limits, String secretKey,
                             @DefaultValue("data/secrets/sync-secret.key") Path secretKeyFile,
                             List<String> previousSecretKeys, @DefaultValue("200ms") Duration feedWakeInterval,
                             String municipalityId) {

    public SyncProperties {
        if (municipalityId == null || municipalityId.isBlank()) {
            throw new IllegalArgumentException("renkei.sync.municipality-id must name the municipality this service"
                    + " works for (its events' CloudEvents source)");
        }
        bootstrapEndpoints = bootstrapEndpoints == null ? Map.of() : Map.copyOf(bootstrapEndpoints);
        webhookAllowList = webhookAllowList == null ? List.of() : List.copyOf(webhookAllowList);
        previousSecretKeys = previousSecretKeys == null ? List.of() : List.copyOf(previousSecretKeys);
    }

    /** Without the keys and the bootstrap endpoints' secrets: settings end up in logs and error messages. */
    @Override
    public String toString() {
        return "SyncProperties[bootstrapEndpoints=" + bootstrapEndpoints.keySet() + ", webhookAllowList="
                + webhookAllowList + ", delivery=" + delivery + ", limits=" + limits + ", secretKeyFile="
                + secretKeyFile + ", previousSecretKeys=" + previousSecretKeys.size() + "]";
    }

    public record BootstrapEndpoint(String url, String secret) {
    }

    /**
     * @param retrySchedule          delay before each attempt; the first is usually zero, the last decides when a
     *                               delivery fails
     * @param requestTimeout         how long one webhook request may take
     * @param connectTimeout         how long connecting to a partner may take
     * @param topic                  the internal delivery topic: one record per delivery, keyed by endpoint id
     * @param topicPartitions        its partitions when this service creates it: the most instances that can share
     *                               the deliveries (each partition is one instance's at a time)
     * @param maxInFlightPerEndpoint requests one endpoint may have open at once (its bulkhead); one subject never
     *                               has more than one
     * @param maxRetryAfter          the longest wait a partner's {@code Retry-After} can ask for; longer asks wait this
     * @param disableAfterFailingFor an endpoint that has not accepted anything for this long is disabled
     * @param maxQueuedPerEndpoint   pending deliveries of one endpoint held in memory; more wait in the store and are
     *                               read when the line runs low, so a partner down for days costs no more heap
     */
    public record Delivery(
            @DefaultValue({"0s", "5s", "5m", "30m", "2h", "5h", "10h", "10h"}) List<Duration> retrySchedule,
            @DefaultValue("15s") Duration requestTimeout,
            @DefaultValue("renkei.sync.deliveries") String topic,
            @DefaultValue("12") int topicPartitions,
            @DefaultValue("16") int maxInFlightPerEndpoint,
            @DefaultValue("1h") Duration maxRetryAfter,
            @DefaultValue("5d") Duration disableAfterFailingFor,
            @DefaultValue CircuitBreaker circuitBreaker,
            @DefaultValue("5s") Duration connectTimeout,
            @DefaultValue("10000") int maxQueuedPerEndpoint) {
    }

    /**
     * Guard rails for what partners (and operators) ask of the service, per partner.
     *
     * @param endpointsPerPartner     webhook endpoints one partner may have
     * @param subscriptionsPerPartner subscriptions one partner may have
     * @param replayInterval          how long after a replay the partner may start the next one
     * @param replayReach             how far back a replay may start
     * @param recoverInterval         how long after a recovery the partner may start the next one
     * @param recoverReach            how far back a recovery may reach
     * @param longPollsPerPartner     pull-feed requests with {@code wait} one partner may have waiting at once
     * @param longPollsPerInstance    pull-feed requests with {@code wait} one instance holds at once, all partners
     */
    public record Limits(@DefaultValue("10") int endpointsPerPartner, @DefaultValue("50") int subscriptionsPerPartner,
                         @DefaultValue("1m") Duration replayInterval, @DefaultValue("30d") Duration replayReach,
                         @DefaultValue("10s") Duration recoverInterval, @DefaultValue("30d") Duration recoverReach,
                         @DefaultValue("4") int longPollsPerPartner, @DefaultValue("500") int longPollsPerInstance) {
    }

    /**
     * Per endpoint: when {@code failureRateThreshold} percent of the last {@code slidingWindow} attempts (at least
     * {@code minimumCalls}) failed, no request goes there for a while; then one trial request decides. The while is
     * {@code firstOpenFor} for the first {@code quickTrials} trials, and each trial that fails after them doubles it up
     * to {@code openFor} ({@link jp.renkei.sync.delivery.TrialWaits}): a partner back after a short outage is noticed
     * within {@code firstOpenFor}, with its backlog waiting, while one that stays down costs a request per
     * {@code openFor}.
     */
    public record CircuitBreaker(@DefaultValue("50") float failureRateThreshold, @DefaultValue("5") int minimumCalls,
                                 @DefaultValue("20") int slidingWindow, @DefaultValue("30s") Duration openFor,
                                 @DefaultValue("1s") Duration firstOpenFor, @DefaultValue("30") int quickTrials) {
    }
}
