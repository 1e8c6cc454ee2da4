package jp.renkei.system.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import jp.renkei.contracts.events.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;

/**
 * A consumer group of its own for a benchmark's regional-sync-service, reading from the end of renkei.plan.events:
 * the events earlier benchmarks in the same run left on the topic are not for this one.
 */
final class SyncConsumerGroup {

    private final String group = "regional-sync-bench-" + UUID.randomUUID().toString().substring(0, 8);
    private final String bootstrapServers;

    SyncConsumerGroup(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * For regional-sync-service: this group, from the end of the topic, and a delivery topic and dispatcher group of
     * this run's own, so no earlier run's delivery records are read.
     */
    Map<String, Object> settings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("spring.cloud.stream.bindings.planEvents-in-0.group", group);
        settings.put("spring.cloud.stream.kafka.bindings.planEvents-in-0.consumer.start-offset", "latest");
        settings.put("renkei.sync.delivery.topic", deliveryTopic());
        settings.put("renkei.sync.delivery.group", group + "-dispatch");
        return settings;
    }

    /** The delivery topic of this run's regional-sync-service. */
    String deliveryTopic() {
        return "renkei.sync.deliveries." + group;
    }

    /** Waits until the group has its partitions, so that what is published from now on is consumed. */
    void awaitAssigned(Duration limit) {
        try (Admin admin = admin()) {
            boolean assigned = DeliveryTally.await(() -> {
                try {
                    var description = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
                    return description.groupState() == GroupState.STABLE && description.members().stream()
                            .anyMatch(member -> !member.assignment().topicPartitions().isEmpty());
                } catch (InterruptedException | ExecutionException e) {
                    return false;
                }
            }, limit);
            if (!assigned) {
                throw new IllegalStateException("regional-sync-service's group " + group + " got no partitions within "
                        + limit);
            }
        }
    }

    /** Events regional-sync-service has consumed and fanned out: its group's committed offsets, summed. */
    long committed() throws Exception {
        try (Admin admin = admin()) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().entrySet().stream()
                    .filter(entry -> entry.getKey().topic().equals(Topics.PLAN_EVENTS) && entry.getValue() != null)
                    .mapToLong(entry -> entry.getValue().offset()).sum();
        }
    }

    /** The end of renkei.plan.events as it is now, summed over its partitions: what the group has to reach. */
    long endOffsets() throws Exception {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetSpec> partitions = new LinkedHashMap<>();
            admin.describeTopics(List.of(Topics.PLAN_EVENTS)).allTopicNames().get().get(Topics.PLAN_EVENTS).partitions()
                    .forEach(partition -> partitions.put(new TopicPartition(Topics.PLAN_EVENTS, partition.partition()),
                            OffsetSpec.latest()));
            return admin.listOffsets(partitions).all().get().values().stream()
                    .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
        }
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }
}
