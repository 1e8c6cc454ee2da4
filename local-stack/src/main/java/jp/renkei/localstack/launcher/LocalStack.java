package jp.renkei.localstack.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;

import jp.renkei.localstack.kafka.EmbeddedKafkaBroker;
import jp.renkei.localstack.mongo.EmbeddedMongoServer;

/**
 * One run of {@code ./renkei up}: checks, then Kafka and MongoDB in this JVM, the partner webhook secrets, the child
 * services, their health, and the summary; {@link #stop()} undoes it all in reverse order. With {@code --only kafka}
 * or {@code --only store} ({@link StackPart}) it runs that alone, without secrets or services.
 */
public final class LocalStack {

    /** How a run is set up. */
    public record Settings(StackPaths paths, Map<String, String> env, List<ChildService> services, ChildCommand childCommand,
                           Duration healthTimeout, Duration stopGrace, Duration healthPollInterval, boolean fresh,
                           Instant launchedAt, StackPart part) {

        public Settings {
            Objects.requireNonNull(paths, "paths");
            env = Map.copyOf(env);
            services = List.copyOf(services);
            Objects.requireNonNull(childCommand, "childCommand");
            Objects.requireNonNull(healthTimeout, "healthTimeout");
            Objects.requireNonNull(stopGrace, "stopGrace");
            Objects.requireNonNull(healthPollInterval, "healthPollInterval");
            Objects.requireNonNull(launchedAt, "launchedAt");
            Objects.requireNonNull(part, "part");
            if (!part.runsServices() && !services.isEmpty()) {
                throw new IllegalArgumentException("only " + part.option() + " runs no services");
            }
        }

        /** Everything: the infrastructure and the services. */
        public Settings(StackPaths paths, Map<String, String> env, List<ChildService> services, ChildCommand childCommand,
                        Duration healthTimeout, Duration stopGrace, Duration healthPollInterval, boolean fresh,
                        Instant launchedAt) {
            this(paths, env, services, childCommand, healthTimeout, stopGrace, healthPollInterval, fresh, launchedAt,
                    StackPart.ALL);
        }

        /**
         * The settings of {@code ./renkei up}: the services of {@link ChildServices#ALL} from their exec jars, JVM options
         * from {@code RENKEI_JAVA_OPTS}, the health timeout from {@code RENKEI_HEALTH_TIMEOUT_SECONDS} (default 180);
         * for a part alone ({@code --only}), no services.
         */
        public static Settings fromEnvironment(StackPaths paths, Map<String, String> env, boolean fresh, Instant launchedAt,
                                               StackPart part) throws LaunchException {
            Duration healthTimeout = Duration.ofSeconds(180);
            String timeout = env.get("RENKEI_HEALTH_TIMEOUT_SECONDS");
            if (timeout != null && !timeout.isBlank()) {
                try {
                    healthTimeout = Duration.ofSeconds(Long.parseLong(timeout.trim()));
                } catch (NumberFormatException e) {
                    throw new LaunchException("renkei: RENKEI_HEALTH_TIMEOUT_SECONDS=" + timeout + " is not a number of seconds");
                }
            }
            return new Settings(paths, env, part.runsServices() ? ChildServices.ALL : List.of(),
                    ChildCommand.execJar(paths, env.get("RENKEI_JAVA_OPTS")), healthTimeout, Duration.ofSeconds(20),
                    Duration.ofMillis(500), fresh, launchedAt, part);
        }
    }

    private final Settings settings;
    private final StackPart part;
    private final Path pidFile;
    private final StackPaths paths;
    private final Console console;
    private final ReentrantLock lifecycle = new ReentrantLock();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final ChildSupervisor supervisor;

    private volatile boolean stopping;
    private boolean stopDone;
    private boolean startedAnything;
    /** The ports of this run; those of parts started on port 0 added as they bind them. */
    private volatile Ports ports;
    private EmbeddedKafkaBroker kafka;
    private EmbeddedMongoServer mongo;
    private boolean pidFileWritten;

    public LocalStack(Settings settings, Console console) {
        this.settings = settings;
        this.paths = settings.paths();
        this.part = settings.part();
        this.pidFile = part.pidFile(paths);
        this.console = console;
        this.supervisor = new ChildSupervisor(console, paths::display, new HealthProbe(), settings.healthPollInterval());
    }

    /**
     * Starts everything and returns once every service is healthy (or throws, leaving the caller to {@link #stop()}).
     */
    public void start() throws LaunchException {
        lifecycle.lock();
        try {
            checkBeforeStarting();
            prepareDataDirectory();
            startInfrastructure();
            startChildren();
        } finally {
            lifecycle.unlock();
        }
        supervisor.awaitHealthy(settings.healthTimeout());
        ports = supervisor.recordBound(ports, childListener());
        printSummary();
    }

    private void checkBeforeStarting() throws LaunchException {
        ports = Ports.resolve(part.portSpecs(settings.services()), settings.env());
        OptionalLong running = PidFile.runningLauncher(pidFile);
        if (running.isPresent()) {
            throw new LaunchException("renkei: already running (pid " + running.getAsLong() + ")"
                    + (part.runsServices() ? "" : " with only " + part.option()) + "; stop it with ./renkei down");
        }
        Optional<String> conflict = ports.firstConflict();
        if (conflict.isPresent()) {
            throw new LaunchException(conflict.get());
        }
        for (ChildService service : settings.services()) {
            Optional<String> problem = settings.childCommand().problem(service);
            if (problem.isPresent()) {
                throw new LaunchException(problem.get());
            }
        }
    }

    private void prepareDataDirectory() throws LaunchException {
        try {
            if (settings.fresh()) {
                // before this run has written anything, so its own logs stay; a part alone empties only its own data
                deleteRecursively(part.freshDirectory(paths));
            }
            Files.createDirectories(paths.logs());
        } catch (IOException e) {
            throw new LaunchException("renkei: could not prepare " + paths.display(paths.data()) + ": " + e.getMessage(), e);
        }
        console.mirrorToLog();
        console.info("renkei: starting " + (part.runsServices() ? "" : "only " + part.option() + " ") + "in " + paths.root()
                + (settings.fresh() ? " with empty data (--fresh)" : ""));
        try {
            PidFile.write(pidFile, ProcessHandle.current().pid());
            pidFileWritten = true;
        } catch (IOException e) {
            throw new LaunchException("renkei: could not write " + paths.display(pidFile) + ": " + e.getMessage(), e);
        }
    }

    private void startInfrastructure() throws LaunchException {
        checkNotStopping();
        startedAnything = true;
        if (part.runsKafka()) {
            startKafka();
        }
        if (part.runsStore()) {
            checkNotStopping();
            startStore();
        }
        if (part.runsServices()) {
            writeSecrets();
        }
    }

    private void startKafka() throws LaunchException {
        long started = System.nanoTime();
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder()
                .dataDir(paths.kafkaDir())
                .port(ports.port(ChildServices.KAFKA))
                .controllerPort(ports.port(ChildServices.KAFKA_CONTROLLER))
                .build();
        kafka = broker;
        try {
            broker.start();
        } catch (RuntimeException e) {
            throw new LaunchException("[kafka] could not start: " + rootMessage(e) + "; see " + paths.display(paths.logFile(part.logName())), e);
        }
        recordPort(ChildServices.KAFKA, broker.port());
        recordPort(ChildServices.KAFKA_CONTROLLER, broker.controllerPort());
        console.line("kafka", "started on " + broker.bootstrapServers() + " (" + paths.display(paths.kafkaDir()) + ") in "
                + seconds(System.nanoTime() - started) + (broker.formattedOnStart() ? ", new cluster " + broker.clusterId() : ""));
    }

    private void startStore() throws LaunchException {
        long started = System.nanoTime();
        EmbeddedMongoServer store = EmbeddedMongoServer.file(paths.mongoFile(), ports.port(ChildServices.MONGO));
        mongo = store;
        try {
            store.start();
        } catch (RuntimeException e) {
            throw new LaunchException("[mongo] could not start: " + rootMessage(e) + "; see " + paths.display(paths.logFile(part.logName())), e);
        }
        recordPort(ChildServices.MONGO, store.port());
        console.line("mongo", "started on 127.0.0.1:" + store.port() + " (" + paths.display(paths.mongoFile()) + ") in "
                + seconds(System.nanoTime() - started));
    }

    /** The port a part given port 0 has bound (one given a port keeps it). */
    private void recordPort(String name, int bound) {
        if (!ports.isKnown(name)) {
            ports = ports.bound(name, bound);
        }
    }

    private void writeSecrets() throws LaunchException {
        // with the partner inbox on port 0 the endpoint URLs are written again once it has bound one (childListener)
        writePartnerSecrets(ports.asMap().getOrDefault(ChildServices.PARTNER_INBOX, 8090));
        try {
            OwnerOnlyFiles.Outcome tokenKey = new GatewayTokenKey().ensure(paths.gatewayTokenKeyFile(),
                    paths.gatewayKeySetFile());
            console.line("secrets", (tokenKey == OwnerOnlyFiles.Outcome.REUSED ? "kept " : "generated ")
                    + paths.display(paths.gatewayTokenKeyFile()) + " (the gateway's token key; the services check "
                    + "tokens against " + paths.display(paths.gatewayKeySetFile()) + ")");
        } catch (IOException e) {
            throw new LaunchException("renkei: could not write " + paths.display(paths.gatewayTokenKeyFile()) + ": "
                    + e.getMessage(), e);
        }
        try {
            LocalCredentials.Result keys = new LocalCredentials().ensure(paths.credentialsFile(),
                    paths.gatewayKeysFile(), ChildServices.SEEDED_PARTNERS);
            console.line("secrets", (keys.outcome() == OwnerOnlyFiles.Outcome.REUSED ? "kept " : "generated ")
                    + paths.display(paths.credentialsFile()) + " (" + keys.keys().size() + " demo API keys)");
        } catch (IOException e) {
            throw new LaunchException("renkei: could not write " + paths.display(paths.credentialsFile()) + ": "
                    + e.getMessage(), e);
        }
    }

    private void writePartnerSecrets(int inboxPort) throws LaunchException {
        try {
            PartnerWebhookSecrets.Result secrets = new PartnerWebhookSecrets().ensure(paths.secretsFile(), inboxPort,
                    ChildServices.SEEDED_PARTNERS);
            String verb = switch (secrets.outcome()) {
                case CREATED -> "generated";
                case UPDATED -> "updated the endpoint URLs in";
                case REUSED -> "kept";
            };
            console.line("secrets", verb + " " + paths.display(paths.secretsFile()) + " (" + secrets.secrets().size()
                    + " partner webhook secrets)");
        } catch (IOException e) {
            throw new LaunchException("renkei: could not write " + paths.display(paths.secretsFile()) + ": " + e.getMessage(), e);
        }
    }

    private void startChildren() throws LaunchException {
        checkNotStopping();
        ports = supervisor.startAll(settings.services(), ports, (service, known) -> new ChildLaunch(service.name(),
                        settings.childCommand().command(service, ChildServices.argsFor(service, new LaunchContext(paths, known))),
                        paths.root(), paths.logFile(service.name()), known.port(service.name())),
                childListener(), settings.healthTimeout());
    }

    /** Says where each child starts, and writes the partners' endpoint URLs once the partner inbox has bound a port. */
    private ChildSupervisor.StartListener childListener() {
        return new ChildSupervisor.StartListener() {
            @Override
            public void started(ChildProcess child) {
                console.line(child.name(), "starting on " + (child.port() == 0 ? "a free port" : "port " + child.port())
                        + " (pid " + child.pid() + ", log " + paths.display(child.logFile()) + ")");
            }

            @Override
            public void bound(String name, int port) throws LaunchException {
                if (name.equals(ChildServices.PARTNER_INBOX)) {
                    writePartnerSecrets(port);
                }
            }
        };
    }

    private void checkNotStopping() throws LaunchException {
        if (stopping) {
            throw new LaunchException("renkei: stopped while starting");
        }
    }

    private void printSummary() {
        double total = Duration.between(settings.launchedAt(), Instant.now()).toMillis() / 1000.0;
        if (!part.runsServices()) {
            console.info(String.format(Locale.ROOT, "renkei: %s running alone, %.1f s after launch", part.option(), total));
            console.info("  " + (kafka != null ? "Kafka          " + kafka.bootstrapServers()
                    : "MongoDB        " + mongo.connectionString()));
            console.info("  log            " + paths.display(paths.logFile(part.logName())));
            console.info("renkei: Ctrl-C here (or ./renkei down in another shell) stops it");
            return;
        }
        console.info(String.format(Locale.ROOT, "renkei: all services healthy, %.1f s after launch", total));
        Map<String, Integer> byName = ports.asMap();
        if (byName.containsKey(ChildServices.GATEWAY)) {
            int gateway = byName.get(ChildServices.GATEWAY);
            console.info("  gateway        http://localhost:" + gateway);
            console.info("  web pages      http://localhost:" + gateway + "/");
            console.info("  API docs       http://localhost:" + gateway + "/swagger-ui.html");
        }
        if (byName.containsKey(ChildServices.PARTNER_INBOX)) {
            console.info("  partner inbox  http://localhost:" + byName.get(ChildServices.PARTNER_INBOX) + "/inbox");
        }
        console.info("  Kafka          " + kafka.bootstrapServers());
        console.info("  MongoDB        " + mongo.connectionString());
        console.info("  logs           " + paths.display(paths.logs()) + "/<service>.log (Kafka and MongoDB: "
                + paths.display(paths.logFile("local-stack")) + ")");
        Path credentials = paths.credentialsFile();
        if (Files.isRegularFile(credentials)) {
            console.info("  API keys       " + paths.display(credentials) + " (source it in a shell):");
            try {
                for (String line : Files.readAllLines(credentials, StandardCharsets.UTF_8)) {
                    console.info("    " + line);
                }
            } catch (IOException e) {
                console.info("    (could not read it: " + e.getMessage() + ")");
            }
        } else {
            console.info("  API keys       none: " + paths.display(credentials) + " is missing");
        }
        console.info("renkei: Ctrl-C here (or ./renkei down in another shell) stops everything");
    }

    /** Stops the children, then MongoDB and Kafka, then removes the pid file. Safe to call at any time, more than once. */
    public void stop() {
        stopping = true;
        // a start waiting under the lock for a child to bind its port gives up at once
        supervisor.stopStarting();
        lifecycle.lock();
        try {
            if (stopDone) {
                return;
            }
            stopDone = true;
            if (startedAnything) {
                console.info("renkei: stopping");
            }
            try {
                supervisor.stopAll(settings.stopGrace());
                for (ChildProcess child : supervisor.children()) {
                    console.line(child.name(), "stopped" + child.exitCode().stream().mapToObj(code -> " (exit " + code + ")")
                            .findFirst().orElse(" (still running?)"));
                }
            } catch (RuntimeException e) {
                console.error("renkei: stopping the services failed: " + e.getMessage());
            }
            if (mongo != null) {
                try {
                    mongo.close();
                    console.line("mongo", "stopped");
                } catch (RuntimeException e) {
                    console.error("[mongo] stopping failed: " + e.getMessage());
                }
            }
            if (kafka != null) {
                try {
                    kafka.close();
                    console.line("kafka", "stopped");
                } catch (RuntimeException e) {
                    console.error("[kafka] stopping failed: " + e.getMessage());
                }
            }
            if (pidFileWritten) {
                PidFile.deleteIfOwnedBy(pidFile, ProcessHandle.current().pid());
            }
            if (startedAnything) {
                console.info("renkei: stopped");
            }
        } finally {
            lifecycle.unlock();
            stopped.countDown();
        }
    }

    /** Blocks until {@link #stop()} has finished. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    public Ports ports() {
        return ports;
    }

    public List<ChildProcess> children() {
        return supervisor.children();
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root + ")";
    }

    static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
