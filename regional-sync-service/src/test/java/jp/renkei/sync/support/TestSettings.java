package jp.renkei.sync.support;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jp.renkei.contracts.events.Topics;
import jp.renkei.localstack.test.RenkeiInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import jp.renkei.support.security.testing.TestTokens;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * What every regional-sync-service under test needs: the shared broker and store, a delivery topic and dispatcher
 * group of the test's own (so no other test's dispatcher takes its endpoints), a consumer group of its own on the
 * plan, consultation and collaboration topics (so no other test's instance takes its partitions of them), and the test
 * gateway's keys.
 */
public final class TestSettings {

    private TestSettings() {
    }

    /** The broker, a database, delivery topic and group of the test's own, and the JWK set tokens are checked against. */
    public static void register(DynamicPropertyRegistry registry) {
        String database = "sync-" + UUID.randomUUID();
        RenkeiInfrastructure.shared().springProperties(database)
                .forEach((name, value) -> registry.add(name, () -> value));
        deliveryTopic(database).forEach((name, value) -> registry.add(name, () -> value));
        TestTokens.shared().springProperties().forEach((name, value) -> registry.add(name, () -> value));
    }

    /**
     * The delivery topic and dispatcher group of the instances that share {@code database}: instances of one test
     * share them, as the replicas of one deployment do.
     */
    public static Map<String, String> deliveryTopic(String database) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("renkei.sync.delivery.topic", "renkei.sync.deliveries." + database);
        properties.put("renkei.sync.delivery.group", "regional-sync-dispatch." + database);
        properties.put("renkei.sync.delivery.topic-partitions", "4");
        String eventsGroup = eventsGroup(database);
        if (STARTED_GROUPS.add(eventsGroup)) {
            startAtTheEnd(eventsGroup);
        }
        for (String binding : EVENT_BINDINGS.keySet()) {
            properties.put("spring.cloud.stream.bindings." + binding + ".group", eventsGroup);
        }
        return properties;
    }

    /** Groups placed at the topics' end already: a group with members cannot be moved, nor should it be. */
    private static final Set<String> STARTED_GROUPS = ConcurrentHashMap.newKeySet();

    /** The consumer bindings of the service's event topics, and their topics. */
    private static final Map<String, String> EVENT_BINDINGS = Map.of(
            "planEvents-in-0", Topics.PLAN_EVENTS,
            "consultationEvents-in-0", Topics.CONSULTATION_EVENTS,
            "collaborationEvents-in-0", Topics.COLLABORATION_EVENTS);

    /** The consumer group of the instances that share {@code database} on the event topics. */
    static String eventsGroup(String database) {
        return "regional-sync." + database;
    }

    /**
     * Commits the current end of each event topic as the new group's position, so that its instances read what is
     * published from now on (as the one shared group did), not the history earlier tests left on the shared broker; a
     * group without a committed offset would start from the beginning, and one left to start at the end of whenever
     * its partitions are assigned would miss what a test publishes before that.
     */
    private static void startAtTheEnd(String group) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                RenkeiInfrastructure.shared().bootstrapServers()))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            for (String topic : EVENT_BINDINGS.values()) {
                if (existing.contains(topic)) {
                    TopicDescription description = admin.describeTopics(Set.of(topic)).allTopicNames()
                            .get(30, TimeUnit.SECONDS).get(topic);
                    description.partitions().forEach(partition ->
                            ends.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest()));
                }
            }
            if (ends.isEmpty()) {
                return;
            }
            Map<TopicPartition, OffsetAndMetadata> positions = new HashMap<>();
            admin.listOffsets(ends).all().get(30, TimeUnit.SECONDS)
                    .forEach((partition, end) -> positions.put(partition, new OffsetAndMetadata(end.offset())));
            admin.alterConsumerGroupOffsets(group, positions).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not start consumer group " + group + " at the topics' end", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The same as command-line arguments, for a service started by the test itself. */
    public static List<String> deliveryTopicArguments(String database) {
        return deliveryTopic(database).entrySet().stream().map(entry -> "--" + entry.getKey() + "=" + entry.getValue())
                .toList();
    }

    /** The same as command-line arguments, for a service started by the test itself. */
    public static String jwksArgument() {
        return "--renkei.security.jwks-uri=" + TestTokens.shared().jwksUri();
    }
}
