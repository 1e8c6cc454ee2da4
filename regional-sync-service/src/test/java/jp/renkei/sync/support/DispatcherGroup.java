package jp.renkei.sync.support;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import jp.renkei.localstack.test.RenkeiInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.utils.Utils;

/**
 * The dispatchers' consumer group as the broker sees it: which member (by client id) holds which partitions of the
 * delivery topic, and so which instance owns an endpoint.
 */
public final class DispatcherGroup implements AutoCloseable {

    private final Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            RenkeiInfrastructure.shared().bootstrapServers(), AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000));
    private final String group;
    private final int partitions;

    public DispatcherGroup(String database) {
        Map<String, String> settings = TestSettings.deliveryTopic(database);
        this.group = settings.get("renkei.sync.delivery.group");
        this.partitions = Integer.parseInt(settings.get("renkei.sync.delivery.topic-partitions"));
    }

    /** The argument that names an instance's dispatcher in the group. */
    public static String clientIdArgument(String name) {
        return "--spring.cloud.stream.kafka.bindings.deliveries-in-0.consumer.configuration.client.id=" + name;
    }

    /** Client id → partitions held, for every member of the group; empty before anyone joined. */
    public Map<String, Set<Integer>> assignment() {
        try {
            ConsumerGroupDescription description = admin.describeConsumerGroups(Set.of(group)).all()
                    .get(10, TimeUnit.SECONDS).get(group);
            return description.members().stream().collect(Collectors.toMap(MemberDescription::clientId,
                    member -> member.assignment().topicPartitions().stream().map(TopicPartition::partition)
                            .collect(Collectors.toSet()), (one, other) -> one));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                // no member has joined yet
                return Map.of();
            }
            throw new IllegalStateException(e);
        } catch (TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The member that holds the endpoint's partition, or null. */
    public String ownerOf(String endpointId) {
        int partition = Utils.toPositive(Utils.murmur2(endpointId.getBytes(StandardCharsets.UTF_8))) % partitions;
        return assignment().entrySet().stream().filter(member -> member.getValue().contains(partition))
                .map(Map.Entry::getKey).findFirst().orElse(null);
    }

    /** True when every partition is held by some member and there are {@code members} of them. */
    public boolean settled(int members) {
        Map<String, Set<Integer>> assignment = assignment();
        return assignment.size() == members
                && assignment.values().stream().mapToInt(Set::size).sum() == partitions;
    }

    @Override
    public void close() {
        admin.close();
    }
}
