package jp.renkei.localstack.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jp.renkei.localstack.support.QuietLogging;
import kafka.server.BrokerServer;
import kafka.server.ControllerServer;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.server.Server$;
import kafka.server.SharedServer;
import kafka.server.StandardFaultHandlerFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.utils.AppInfoParser;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.ServerSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * A real Apache Kafka broker, run in this JVM from Kafka's own server jars: one KRaft node in combined mode
 * (broker and controller, node id 1), listening on 127.0.0.1 only.
 *
 * <p>On first start the data directory is formatted the way {@code kafka-storage.sh format} does it
 * ({@link Formatter}: a fresh cluster id, the bootstrap metadata of the latest production metadata.version,
 * {@code meta.properties}); later starts read the cluster id back from {@code meta.properties} and keep
 * the topics, records and committed offsets that are already there.
 *
 * <p>Port 0 (for either listener) lets the node bind a free port itself; {@link #port()} and {@link #controllerPort()}
 * then say which one it bound. Nothing picks a port beforehand and releases it, so no other process can take it in
 * between. The controller's port is the hard one: the node's own broker finds its controller through the quorum's
 * voter addresses ({@code controller.quorum.voters}), which must be known when the node is configured. As Kafka's own
 * test kit does, the voters go to the node as a future that is completed with the port the controller's listener has
 * just bound, before the quorum starts.
 *
 * <pre>{@code
 * try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.builder().dataDir(dir).build().start()) {
 *     String bootstrap = kafka.bootstrapServers();   // 127.0.0.1:PORT
 * }
 * }</pre>
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    public static final String HOST = "127.0.0.1";
    public static final int NODE_ID = 1;
    public static final String BROKER_LISTENER = "PLAINTEXT";
    public static final String CONTROLLER_LISTENER = "CONTROLLER";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    private final Path dataDir;
    private final int requestedPort;
    private final int requestedControllerPort;
    private final Map<String, String> overrides;
    private final boolean quietLogging;
    private final Duration startupTimeout;

    private volatile CombinedNode server;
    private volatile int port;
    private volatile int controllerPort;
    private volatile String clusterId;
    private volatile boolean formattedOnStart;

    private EmbeddedKafkaBroker(Builder builder) {
        this.dataDir = builder.dataDir.toAbsolutePath().normalize();
        this.requestedPort = builder.port;
        this.requestedControllerPort = builder.controllerPort;
        if (requestedPort != 0 && requestedPort == requestedControllerPort) {
            throw new IllegalArgumentException("the broker and the controller cannot share port " + requestedPort);
        }
        this.port = requestedPort;
        this.controllerPort = requestedControllerPort;
        this.overrides = Map.copyOf(builder.overrides);
        this.quietLogging = builder.quietLogging;
        this.startupTimeout = builder.startupTimeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Formats the data directory if it has no {@code meta.properties} yet, starts the node and waits until
     * the broker answers a metadata request.
     *
     * @return this broker, started
     * @throws IllegalStateException if the broker could not start (the cause says why)
     */
    public synchronized EmbeddedKafkaBroker start() {
        if (server != null) {
            return this;
        }
        if (quietLogging) {
            QuietLogging.warnOnly(QuietLogging.KAFKA);
        }
        long started = System.nanoTime();
        try {
            Files.createDirectories(dataDir);
            Map<String, Object> config = serverConfig();
            KafkaConfig kafkaConfig = new KafkaConfig(config, false);
            formattedOnStart = formatIfNeeded();
            CombinedNode node = new CombinedNode(kafkaConfig);
            server = node;
            node.startup();
            port = node.boundPort(BROKER_LISTENER);
            controllerPort = node.boundPort(CONTROLLER_LISTENER);
            awaitBrokerReady();
        } catch (IOException e) {
            stopQuietly();
            throw new IllegalStateException("could not prepare the Kafka data directory " + dataDir + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            stopQuietly();
            throw new IllegalStateException("the embedded Kafka broker did not start on " + bootstrapServers()
                    + " (data " + dataDir + "): " + e.getMessage(), e);
        }
        log.info("Kafka broker (cluster {}) started on {} with data in {} in {} ms{}", clusterId, bootstrapServers(), dataDir,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), formattedOnStart ? " (formatted a new cluster)" : "");
        return this;
    }

    /**
     * The configuration given to {@link KafkaConfig}: a single node that is its own controller quorum. With port 0 the
     * voter's port here is 0 too; the node learns the bound one through {@link CombinedNode}'s voters future.
     */
    Map<String, Object> serverConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("process.roles", "broker,controller");
        config.put("node.id", String.valueOf(NODE_ID));
        config.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + requestedControllerPort);
        config.put("controller.listener.names", CONTROLLER_LISTENER);
        config.put("listeners", BROKER_LISTENER + "://" + HOST + ":" + requestedPort + "," + CONTROLLER_LISTENER + "://" + HOST
                + ":" + requestedControllerPort);
        // port 0 here is advertised as the port the broker bound
        config.put("advertised.listeners", BROKER_LISTENER + "://" + HOST + ":" + requestedPort);
        config.put("listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        config.put("inter.broker.listener.name", BROKER_LISTENER);
        config.put("log.dirs", dataDir.toString());
        config.put("metadata.log.dir", dataDir.toString());
        // one node: every internal topic has a single replica
        config.put("num.partitions", "3");
        config.put("default.replication.factor", "1");
        config.put("min.insync.replicas", "1");
        config.put("auto.create.topics.enable", "true");
        config.put("offsets.topic.replication.factor", "1");
        config.put("offsets.topic.num.partitions", "5");
        config.put("transaction.state.log.replication.factor", "1");
        config.put("transaction.state.log.min.isr", "1");
        config.put("transaction.state.log.num.partitions", "5");
        config.put("share.coordinator.state.topic.replication.factor", "1");
        config.put("share.coordinator.state.topic.min.isr", "1");
        config.put("group.initial.rebalance.delay.ms", "0");
        // sized for a 2-core laptop or CI machine rather than a production host
        config.put("num.network.threads", "2");
        config.put("num.io.threads", "4");
        config.put("background.threads", "4");
        config.put("num.recovery.threads.per.data.dir", "1");
        config.put("log.cleaner.threads", "1");
        config.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
        config.put("log.index.size.max.bytes", String.valueOf(1024 * 1024));
        config.put("log.segment.bytes", String.valueOf(64 * 1024 * 1024));
        config.put("controlled.shutdown.enable", "true");
        config.put("controller.quorum.election.timeout.ms", "1000");
        config.put("controller.quorum.fetch.timeout.ms", "2000");
        config.putAll(overrides);
        return config;
    }

    private boolean formatIfNeeded() throws IOException {
        Path metaProperties = dataDir.resolve(MetaPropertiesEnsemble.META_PROPERTIES_NAME);
        if (Files.exists(metaProperties)) {
            Properties meta = new Properties();
            try (InputStream in = Files.newInputStream(metaProperties)) {
                meta.load(in);
            }
            String storedNode = meta.getProperty("node.id");
            if (storedNode != null && !storedNode.equals(String.valueOf(NODE_ID))) {
                throw new IllegalStateException(metaProperties + " belongs to node " + storedNode + ", not to node " + NODE_ID);
            }
            clusterId = Objects.requireNonNull(meta.getProperty("cluster.id"), "cluster.id missing in " + metaProperties);
            log.debug("Reusing Kafka cluster {} from {}", clusterId, metaProperties);
            return false;
        }
        String newClusterId = Uuid.randomUuid().toString();
        ByteArrayOutputStream formatterOutput = new ByteArrayOutputStream();
        try (PrintStream formatterLog = new PrintStream(formatterOutput, true, StandardCharsets.UTF_8)) {
            new Formatter()
                    .setPrintStream(formatterLog)
                    .setNodeId(NODE_ID)
                    .setClusterId(newClusterId)
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(dataDir.toString())
                    .addDirectory(dataDir.toString())
                    .run();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("formatting " + dataDir + " failed: " + e.getMessage(), e);
        }
        log.debug("Formatted {}: {}", dataDir, formatterOutput.toString(StandardCharsets.UTF_8).trim());
        clusterId = newClusterId;
        return true;
    }

    private void awaitBrokerReady() {
        Map<String, Object> adminConfig = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.CLIENT_ID_CONFIG, "renkei-local-stack-readiness");
        long deadline = System.nanoTime() + startupTimeout.toNanos();
        RuntimeException last = null;
        try (Admin admin = Admin.create(adminConfig)) {
            while (System.nanoTime() < deadline) {
                try {
                    boolean registered = admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).stream()
                            .map(Node::id)
                            .anyMatch(id -> id == NODE_ID);
                    if (registered) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    last = new IllegalStateException(e.getMessage(), e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the broker", e);
                }
                // back-off between metadata requests; the admin client itself waits for the connection
                sleepUninterruptibly(Duration.ofMillis(100));
            }
        }
        throw new IllegalStateException("the broker did not answer within " + startupTimeout.toSeconds() + " s", last);
    }

    private static void sleepUninterruptibly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** {@code 127.0.0.1:PORT}, for {@code bootstrap.servers}; the bound port once started. */
    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    /** The client port: the one asked for, or once started on port 0, the one the broker bound. */
    public int port() {
        return port;
    }

    /** The KRaft controller's port: the one asked for, or once started on port 0, the one the controller bound. */
    public int controllerPort() {
        return controllerPort;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The cluster id kept in {@code meta.properties}; {@code null} before the first {@link #start()}. */
    public String clusterId() {
        return clusterId;
    }

    /** Whether the last {@link #start()} formatted a new, empty data directory. */
    public boolean formattedOnStart() {
        return formattedOnStart;
    }

    public boolean isRunning() {
        return server != null;
    }

    /** Shuts the node down (broker, then controller) and waits until it has stopped. The data stays. */
    @Override
    public synchronized void close() {
        CombinedNode running = server;
        if (running == null) {
            return;
        }
        long started = System.nanoTime();
        try {
            running.shutdown();
            running.awaitShutdown();
        } finally {
            server = null;
        }
        log.info("Kafka broker on {} stopped in {} ms", bootstrapServers(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    private void stopQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            log.warn("Stopping the Kafka broker after a failed start failed too", e);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedKafkaBroker[" + bootstrapServers() + ", " + dataDir + "]";
    }

    /**
     * What {@link KafkaRaftServer} runs for {@code process.roles=broker,controller}, assembled here for one difference:
     * the quorum's voter address is a future, completed with the port the controller's listener bound (Kafka's own
     * test kit starts its nodes this way). {@link KafkaRaftServer} would take the voters from the configuration, which
     * needs the port before anything binds it.
     */
    private static final class CombinedNode {

        private final KafkaConfig config;
        private final Metrics metrics;
        private final SharedServer shared;
        private final ControllerServer controller;
        private final BrokerServer broker;

        CombinedNode(KafkaConfig config) {
            this.config = config;
            Tuple2<MetaPropertiesEnsemble, BootstrapMetadata> logDirs = KafkaRaftServer.initializeLogDirs(config, log,
                    "[embedded-kafka] ");
            String clusterId = logDirs._1().clusterId().orElseThrow();
            this.metrics = Server$.MODULE$.initializeMetrics(config, Time.SYSTEM, clusterId);
            CompletableFuture<Map<Integer, InetSocketAddress>> voters = new CompletableFuture<>();
            this.shared = new SharedServer(config, logDirs._1(), Time.SYSTEM, metrics, voters, List.of(),
                    new StandardFaultHandlerFactory(), ServerSocketFactory.INSTANCE);
            this.controller = new ControllerServer(shared, KafkaRaftServer.configSchema(), logDirs._2());
            this.broker = new BrokerServer(shared);
            // completed on the controller's startup thread right after its listener is bound, before the quorum
            // (which waits for the voters) starts
            controller.socketServerFirstBoundPortFuture().thenAccept(bound ->
                    voters.complete(Map.of(NODE_ID, new InetSocketAddress(HOST, bound))));
        }

        void startup() {
            controller.startup();
            broker.startup();
            AppInfoParser.registerAppInfo(Server$.MODULE$.MetricsPrefix(), String.valueOf(config.brokerId()), metrics,
                    Time.SYSTEM.milliseconds());
        }

        int boundPort(String listener) {
            return listener.equals(CONTROLLER_LISTENER)
                    ? controller.socketServerFirstBoundPortFuture().join()
                    : broker.boundPort(ListenerName.normalised(listener));
        }

        void shutdown() {
            try {
                broker.shutdown();
            } finally {
                controller.shutdown();
                AppInfoParser.unregisterAppInfo(Server$.MODULE$.MetricsPrefix(), String.valueOf(config.brokerId()), metrics);
            }
        }

        void awaitShutdown() {
            broker.awaitShutdown();
            controller.awaitShutdown();
        }
    }

    public static final class Builder {

        private Path dataDir;
        private int port = 9092;
        private int controllerPort = 9093;
        private final Map<String, String> overrides = new LinkedHashMap<>();
        private boolean quietLogging = true;
        private Duration startupTimeout = Duration.ofSeconds(90);

        private Builder() {
        }

        /** Where the log segments, the metadata log and {@code meta.properties} live (required). */
        public Builder dataDir(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
            return this;
        }

        /** The client (PLAINTEXT) port on 127.0.0.1; 0 lets the broker bind a free one. Default 9092. */
        public Builder port(int port) {
            this.port = checkPort(port);
            return this;
        }

        /** The KRaft controller port on 127.0.0.1; 0 lets the controller bind a free one. Default 9093. */
        public Builder controllerPort(int controllerPort) {
            this.controllerPort = checkPort(controllerPort);
            return this;
        }

        /** Any other broker setting, applied over the defaults. */
        public Builder property(String name, String value) {
            overrides.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
            return this;
        }

        /** Whether to set Kafka's loggers to WARN (unless configured). Default true. */
        public Builder quietLogging(boolean quietLogging) {
            this.quietLogging = quietLogging;
            return this;
        }

        public Builder startupTimeout(Duration startupTimeout) {
            this.startupTimeout = Objects.requireNonNull(startupTimeout);
            return this;
        }

        public EmbeddedKafkaBroker build() {
            if (dataDir == null) {
                throw new IllegalStateException("dataDir is required");
            }
            return new EmbeddedKafkaBroker(this);
        }

        private static int checkPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("not a port: " + port);
            }
            return port;
        }
    }
}
