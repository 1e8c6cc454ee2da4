package jp.renkei.sync.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jp.renkei.localstack.test.RenkeiInfrastructure;
import jp.renkei.support.security.testing.TestTokens;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * What every regional-sync-service under test needs: the shared broker and store, a delivery topic and dispatcher
 * group of the test's own (so no other test's dispatcher takes its endpoints), and the test gateway's keys.
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
        return properties;
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
