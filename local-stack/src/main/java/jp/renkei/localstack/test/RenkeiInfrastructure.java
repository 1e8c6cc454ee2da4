package jp.renkei.localstack.test;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka and MongoDB for the tests of every Renkei module, started once per test JVM.
 *
 * <p>By default it runs the embedded pair of the local stack (a real KRaft Kafka broker and a MongoDB-wire server,
 * both in this JVM, on free ports on 127.0.0.1, their data in memory or a temporary directory). When a Docker engine
 * is usable and Testcontainers ({@code org.testcontainers:testcontainers-kafka} and {@code testcontainers-mongodb})
 * is on the test classpath, it runs {@code apache/kafka:4.1.2} and a single-node MongoDB 8.0 replica set in containers
 * instead. The system property {@value #MODE_PROPERTY} picks explicitly: {@code embedded} or {@code testcontainers}
 * ({@code auto}, the default, as above; the environment variable {@code RENKEI_INFRASTRUCTURE} is read when the
 * property is not set).
 *
 * <p>Register {@link RenkeiInfrastructureExtension} on each test class that uses it, so that it is stopped when the
 * whole test run ends:
 *
 * <pre>{@code
 * @SpringBootTest
 * @ExtendWith(RenkeiInfrastructureExtension.class)
 * class MeasureApiTest {
 *     @DynamicPropertySource
 *     static void infrastructure(DynamicPropertyRegistry registry) {
 *         RenkeiInfrastructure.shared().springProperties("plan").forEach((name, value) -> registry.add(name, () -> value));
 *     }
 * }
 * }</pre>
 */
public final class RenkeiInfrastructure {

    /** The system property that chooses the infrastructure: {@code embedded}, {@code testcontainers} or {@code auto}. */
    public static final String MODE_PROPERTY = "renkei.infrastructure";

    private static final Logger log = LoggerFactory.getLogger(RenkeiInfrastructure.class);
    private static final String CONTAINER_INFRASTRUCTURE = "jp.renkei.localstack.test.ContainerInfrastructure";

    private static RenkeiInfrastructure shared;
    private static boolean shutdownHookRegistered;

    private final Infrastructure delegate;
    private volatile boolean running = true;

    private RenkeiInfrastructure(Infrastructure delegate) {
        this.delegate = delegate;
    }

    /**
     * The infrastructure of this test JVM, started on the first call (which takes a few seconds for the embedded
     * pair, longer for containers) and the same object afterwards.
     *
     * @throws IllegalStateException if it could not start
     */
    public static synchronized RenkeiInfrastructure shared() {
        if (shared == null || !shared.running) {
            shared = new RenkeiInfrastructure(startInfrastructure());
            if (!shutdownHookRegistered) {
                // a safety net for tests that call shared() without the extension; the extension stops it first
                Runtime.getRuntime().addShutdownHook(new Thread(RenkeiInfrastructure::stopShared, "renkei-infrastructure-stop"));
                shutdownHookRegistered = true;
            }
        }
        return shared;
    }

    /** The Kafka bootstrap servers, e.g. {@code 127.0.0.1:40123}. */
    public String bootstrapServers() {
        return delegate.bootstrapServers();
    }

    /** A connection string naming the database, e.g. {@code mongodb://127.0.0.1:40124/plan}. */
    public String mongoUri(String database) {
        Objects.requireNonNull(database, "database");
        return delegate.mongoUri(database);
    }

    /**
     * The Spring Boot properties that point a service at this infrastructure, for a {@code @DynamicPropertySource}:
     * {@code spring.kafka.bootstrap-servers} and {@code spring.mongodb.uri} (with the given database).
     */
    public Map<String, Object> springProperties(String database) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("spring.kafka.bootstrap-servers", bootstrapServers());
        properties.put("spring.mongodb.uri", mongoUri(database));
        return Collections.unmodifiableMap(properties);
    }

    /** {@code embedded} or {@code testcontainers}. */
    public String mode() {
        return delegate.mode();
    }

    public boolean isRunning() {
        return running;
    }

    /** Stops the shared infrastructure if it runs; called by the extension when the test run ends. */
    static synchronized void stopShared() {
        if (shared != null) {
            shared.stop();
        }
    }

    synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        log.info("Stopping the {} test infrastructure", delegate.mode());
        delegate.close();
    }

    private static Infrastructure startInfrastructure() {
        String mode = selectMode();
        log.info("Starting the {} test infrastructure (Kafka + MongoDB) for this test JVM", mode);
        if (mode.equals("testcontainers")) {
            try {
                return (Infrastructure) Class.forName(CONTAINER_INFRASTRUCTURE).getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("could not start the container infrastructure: " + e.getMessage(), e);
            }
        }
        return EmbeddedInfrastructure.start();
    }

    /**
     * {@code embedded} or {@code testcontainers}, from {@value #MODE_PROPERTY} and, for {@code auto}, from whether
     * Testcontainers is on the classpath and finds a Docker engine. Touches no Testcontainers class unless they are
     * present.
     */
    static String selectMode() {
        String requested = System.getProperty(MODE_PROPERTY);
        if (requested == null || requested.isBlank()) {
            requested = System.getenv("RENKEI_INFRASTRUCTURE");
        }
        requested = requested == null || requested.isBlank() ? "auto" : requested.trim().toLowerCase(Locale.ROOT);
        switch (requested) {
            case "embedded":
                return "embedded";
            case "testcontainers":
            case "containers":
            case "docker":
                if (!testcontainersOnClasspath()) {
                    throw new IllegalStateException(MODE_PROPERTY + "=" + requested + " but Testcontainers is not on the test "
                            + "classpath; add org.testcontainers:testcontainers-kafka and testcontainers-mongodb (test scope)");
                }
                return "testcontainers";
            case "auto":
                return testcontainersOnClasspath() && dockerAvailable() ? "testcontainers" : "embedded";
            default:
                throw new IllegalStateException("unknown " + MODE_PROPERTY + "=" + requested
                        + "; use embedded, testcontainers or auto");
        }
    }

    static boolean testcontainersOnClasspath() {
        ClassLoader loader = RenkeiInfrastructure.class.getClassLoader();
        for (String name : new String[] {"org.testcontainers.DockerClientFactory", "org.testcontainers.kafka.KafkaContainer",
                "org.testcontainers.mongodb.MongoDBContainer"}) {
            try {
                Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                return false;
            }
        }
        return true;
    }

    private static boolean dockerAvailable() {
        try {
            return (Boolean) Class.forName(CONTAINER_INFRASTRUCTURE).getDeclaredMethod("dockerAvailable").invoke(null);
        } catch (ReflectiveOperationException | LinkageError e) {
            log.debug("Could not ask Testcontainers for a Docker engine: {}", e.toString());
            return false;
        }
    }

    @Override
    public String toString() {
        return "RenkeiInfrastructure[" + mode() + ", kafka " + bootstrapServers() + "]";
    }
}
