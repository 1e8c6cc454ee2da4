package jp.renkei.system.processes;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import jp.renkei.localstack.launcher.ChildCommand;
import jp.renkei.localstack.launcher.ChildLaunch;
import jp.renkei.localstack.launcher.ChildProcess;
import jp.renkei.localstack.launcher.ChildService;
import jp.renkei.localstack.launcher.ChildServices;
import jp.renkei.localstack.launcher.ChildSupervisor;
import jp.renkei.localstack.launcher.Console;
import jp.renkei.localstack.launcher.GatewayTokenKey;
import jp.renkei.localstack.launcher.HealthProbe;
import jp.renkei.localstack.launcher.LaunchContext;
import jp.renkei.localstack.launcher.LaunchException;
import jp.renkei.localstack.launcher.LocalCredentials;
import jp.renkei.localstack.launcher.PortSpec;
import jp.renkei.localstack.launcher.Ports;
import jp.renkei.localstack.launcher.StackPaths;

/**
 * The local stack with every piece in an OS process of its own, so each can be killed, stopped and started again
 * alone: the Kafka broker and the store each from the launcher's exec jar ({@code up --only kafka}, {@code up --only
 * store}), and plan-service, consultation-service, regional-sync-service and the gateway from their exec jars with
 * the arguments {@code ./renkei up} gives them ({@link ChildServices}), plus any the caller adds. Everything listens on
 * 127.0.0.1 with its data under a directory of its own; the partners' webhooks go to receivers on the port that
 * stands in for the partner inbox. Needs the exec jars ({@code ./mvnw -B -DskipTests package}, or the reactor's
 * {@code package} phase before this module's tests).
 *
 * <p>Every piece first starts on port 0 and binds a free port itself; the stack reads which from what it prints (the
 * launcher's {@code [kafka] started on 127.0.0.1:PORT}, Spring Boot's {@code started on port PORT}) and starts what
 * needs it afterwards ({@link ChildSupervisor#startAll}): the services once Kafka and the store have bound theirs, the
 * gateway once the services have. A piece started again comes back on the port it had, as an operator restarts a
 * server on its address, so that whatever was talking to it reconnects there.
 */
public final class ProcessStack implements AutoCloseable {

    public static final String KAFKA = "kafka";
    public static final String STORE = "store";
    public static final String PLAN_SERVICE = ChildServices.PLAN_SERVICE;
    public static final String CONSULTATION_SERVICE = ChildServices.CONSULTATION_SERVICE;
    public static final String REGIONAL_SYNC_SERVICE = ChildServices.REGIONAL_SYNC_SERVICE;
    public static final String GATEWAY = ChildServices.GATEWAY;

    private static final List<String> SERVICES = List.of(PLAN_SERVICE, CONSULTATION_SERVICE, REGIONAL_SYNC_SERVICE,
            GATEWAY);
    private static final String LAUNCHER_MODULE = "local-stack";
    /** The launcher's JVM options as {@code ./renkei} has them ({@code LAUNCHER_JAVA_OPTS}; a test keeps them equal). */
    static final String LAUNCHER_JAVA_OPTS = "-Xmx1g -XX:+UseG1GC -XX:MaxGCPauseMillis=20 "
            + "-XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -XX:+ExitOnOutOfMemoryError";
    /** What {@code up --only kafka|store} prints once its part is running: {@code [kafka] started on 127.0.0.1:PORT}. */
    private static final Pattern STARTED_ON = Pattern.compile("\\[(kafka|mongo)\\] started on 127\\.0\\.0\\.1:(\\d+)");
    /**
     * Where the gateway routes the web pages, which this stack does not run: the discard port, where nothing answers,
     * so the pages' routes answer as they do when the pages are down.
     */
    private static final int NO_WEB_PAGES = 9;

    private final StackPaths paths;
    /** The ports, 0 until a piece has bound one; then the one it comes back on when started again. */
    private volatile Ports ports;
    private final ChildCommand command;
    private final Map<String, List<String>> extraArguments;
    private final Map<String, Process> infrastructure = new LinkedHashMap<>();
    private final Map<String, ChildProcess> services = new LinkedHashMap<>();
    private final ChildSupervisor supervisor;
    private final HealthProbe health = new HealthProbe();
    private final Duration startTimeout;
    private final Map<String, String> keys;
    /** Stops the processes when this JVM ends without closing the stack (a benchmark killed, say). */
    private final Thread closeOnExit = new Thread(this::close, "process-stack-close");
    private boolean closed;

    private ProcessStack(Path project, Path root, int partnerPort, String javaOpts,
                         Map<String, List<String>> extraArguments, Duration startTimeout) throws IOException {
        this.paths = new StackPaths(root);
        this.startTimeout = startTimeout;
        for (String module : List.of(LAUNCHER_MODULE, "plan-service", "consultation-service", "regional-sync-service",
                "gateway")) {
            Path jar = new StackPaths(project).execJar(module);
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " is missing: build the exec jars first with "
                        + "./mvnw -B -DskipTests package");
            }
            Files.createDirectories(paths.execJar(module).getParent());
            // a copy, not a link: a build that packages the jars again meanwhile must not change them under the JVMs
            Files.copy(jar, paths.execJar(module));
        }
        Files.createDirectories(paths.logs());
        try {
            this.ports = Ports.resolve(ChildServices.portSpecs(ChildServices.ALL), anyFreePortBut(partnerPort))
                    .bound(ChildServices.WEB, NO_WEB_PAGES);
        } catch (LaunchException e) {
            throw new IllegalStateException(e);
        }
        this.keys = new LocalCredentials().ensure(paths.credentialsFile(), paths.gatewayKeysFile(),
                ChildServices.SEEDED_PARTNERS).keys();
        new GatewayTokenKey().ensure(paths.gatewayTokenKeyFile(), paths.gatewayKeySetFile());
        this.command = ChildCommand.execJar(paths, javaOpts);
        this.extraArguments = Map.copyOf(extraArguments);
        PrintStream log = new PrintStream(Files.newOutputStream(paths.logFile("process-stack")), true,
                StandardCharsets.UTF_8);
        this.supervisor = new ChildSupervisor(new Console(log, log), paths::display, health, Duration.ofMillis(500));
    }

    /**
     * Starts Kafka and the store, then the four services, and returns when all are up.
     *
     * @param project        the project root, where the exec jars are
     * @param root           an empty directory for this stack's data and logs ({@code data/} beneath it)
     * @param partnerPort    where the partners' webhook receivers listen (the partner inbox's port)
     * @param javaOpts       the services' JVM options; null for those of {@code ./renkei up}
     * @param extraArguments more arguments per service name, after those of {@code ./renkei up}
     */
    public static ProcessStack start(Path project, Path root, int partnerPort, String javaOpts,
                                     Map<String, List<String>> extraArguments, Duration startTimeout) throws IOException {
        ProcessStack stack = new ProcessStack(project, root, partnerPort, javaOpts, extraArguments, startTimeout);
        Runtime.getRuntime().addShutdownHook(stack.closeOnExit);
        try {
            stack.start(KAFKA);
            stack.start(STORE);
            stack.launchServices();
            for (String service : SERVICES) {
                stack.awaitUp(service);
            }
            return stack;
        } catch (RuntimeException | IOException e) {
            stack.close();
            throw e;
        }
    }

    /** Starts the named part (again) and waits until it is up. */
    public void start(String name) throws IOException {
        if (SERVICES.contains(name)) {
            launch(name);
            awaitUp(name);
            return;
        }
        Path console = paths.logFile(name + "-console");
        long from = Files.exists(console) ? Files.size(console) : 0;
        List<String> command = new ArrayList<>();
        command.add(ChildCommand.javaExecutable());
        command.addAll(ChildCommand.splitOptions(LAUNCHER_JAVA_OPTS));
        command.addAll(List.of("-Drenkei.home=" + paths.root(),
                "-jar", paths.execJar(LAUNCHER_MODULE).toString(), "up", "--only", name.equals(KAFKA) ? "kafka" : "store"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(paths.root().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(console.toFile()));
        builder.environment().putAll(infrastructurePorts());
        Process process = builder.start();
        infrastructure.put(name, process);
        await(name + " running alone").atMost(startTimeout).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + console);
            }
            return readFrom(console, from).contains("running alone");
        });
        Matcher started = STARTED_ON.matcher(readFrom(console, from));
        if (!started.find()) {
            throw new IllegalStateException(name + " said it was running but not on which port; see " + console);
        }
        // started again, it must be back on the port it bound first (bound() refuses another)
        ports = ports.bound(partOf(name), Integer.parseInt(started.group(2)));
    }

    /** The name of the port of a part of this stack: the store's is {@code mongo}. */
    private static String partOf(String name) {
        return name.equals(STORE) ? ChildServices.MONGO : name;
    }

    /** The port the named part listens on: Kafka's client port, the store's, a service's. */
    public int port(String name) {
        return ports.port(partOf(name));
    }

    /** The project root, where the exec jars are, from this module's directory or the root's. */
    public static Path projectRoot() {
        Path here = Path.of("").toAbsolutePath();
        return Files.exists(here.resolve("system-tests")) ? here : here.getParent();
    }

    /**
     * {@code RENKEI_PORT_*} for {@code up --only}: the port Kafka or the store bound when it first started, 0 before;
     * the controller's always 0 (only the broker in the same process talks to it).
     */
    private Map<String, String> infrastructurePorts() {
        Map<String, String> env = new LinkedHashMap<>();
        for (PortSpec spec : ChildServices.INFRASTRUCTURE) {
            env.put(spec.envVar(), spec.name().equals(ChildServices.KAFKA_CONTROLLER) ? "0"
                    : Integer.toString(ports.port(spec.name())));
        }
        return env;
    }

    /** SIGKILL: no shutdown hook, no flush, connections cut; returns once the process is gone. */
    public void kill(String name) throws InterruptedException {
        ProcessHandle handle = handle(name);
        handle.destroyForcibly();
        handle.onExit().join();
    }

    /** SIGTERM, as an operator stops it; returns once the process is gone (killed after a minute). */
    public void stop(String name) throws InterruptedException {
        ProcessHandle handle = handle(name);
        handle.destroy();
        try {
            handle.onExit().get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            handle.destroyForcibly();
            handle.onExit().join();
        }
    }

    /** The process now running the named part. */
    public long pid(String name) {
        return handle(name).pid();
    }

    public boolean isUp(String service) {
        return health.isUp(ports.port(service));
    }

    public String gatewayUrl() {
        return "http://127.0.0.1:" + ports.port(GATEWAY);
    }

    /** The demo API key in the variable of {@code data/local-credentials}, e.g. {@code RENKEI_EDITOR_KEY}. */
    public String key(String variable) {
        return keys.get(variable);
    }

    /** Where the store keeps its data. */
    public Path storeDirectory() {
        return paths.mongoFile().getParent();
    }

    public Path kafkaDirectory() {
        return paths.kafkaDir();
    }

    public Path logs() {
        return paths.logs();
    }

    /** Starts the four services, each once the ports it names are known, and records the ports they bind. */
    private void launchServices() {
        List<ChildService> four = ChildServices.ALL.stream().filter(service -> SERVICES.contains(service.name())).toList();
        ChildSupervisor.StartListener record = new ChildSupervisor.StartListener() {
            @Override
            public void started(ChildProcess child) {
                services.put(child.name(), child);
            }
        };
        try {
            ports = supervisor.startAll(four, ports, this::launchOf, record, startTimeout);
        } catch (LaunchException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Starts a service again, on the port it bound before. */
    private void launch(String service) {
        ChildService definition = ChildServices.named(service);
        try {
            services.put(service, supervisor.start(launchOf(definition, ports)));
        } catch (LaunchException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The service's command: the arguments {@code ./renkei up} gives it for these ports, then the caller's. */
    private ChildLaunch launchOf(ChildService service, Ports known) {
        List<String> args = new ArrayList<>(ChildServices.argsFor(service, new LaunchContext(paths, known)));
        args.addAll(extraArguments.getOrDefault(service.name(), List.of()));
        return new ChildLaunch(service.name(), command.command(service, args), paths.root(), paths.logFile(service.name()),
                known.port(service.name()));
    }

    private void awaitUp(String service) {
        ChildProcess child = services.get(service);
        await(service + " healthy").atMost(startTimeout).pollInterval(Duration.ofMillis(500)).until(() -> {
            if (!child.isAlive()) {
                throw new IllegalStateException(service + " exited with " + child.exitCode() + ": "
                        + String.join("\n", child.lastLogLines(30)));
            }
            return health.isUp(child.port());
        });
        if (!ports.isKnown(service)) {
            ports = ports.bound(service, child.port());
        }
    }

    private ProcessHandle handle(String name) {
        if (infrastructure.containsKey(name)) {
            return infrastructure.get(name).toHandle();
        }
        ChildProcess child = services.get(name);
        if (child == null) {
            throw new IllegalArgumentException("no process named " + name);
        }
        return child.handle();
    }

    private static String readFrom(Path file, long offset) throws IOException {
        if (!Files.exists(file)) {
            return "";
        }
        byte[] all = Files.readAllBytes(file);
        return new String(all, (int) Math.min(offset, all.length), (int) Math.max(0, all.length - offset),
                StandardCharsets.UTF_8);
    }

    /** Port 0 for each part, on the variables {@code ./renkei up} reads; the partner inbox's is the receivers'. */
    private static Map<String, String> anyFreePortBut(int partnerPort) {
        Map<String, String> env = new LinkedHashMap<>();
        for (PortSpec spec : ChildServices.portSpecs(ChildServices.ALL)) {
            env.put(spec.envVar(), spec.name().equals(ChildServices.PARTNER_INBOX) ? Integer.toString(partnerPort) : "0");
        }
        return env;
    }

    /** Stops the services, then the store and Kafka, each asked first and killed after a grace period. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(closeOnExit);
        } catch (IllegalStateException exiting) {
            // this JVM is ending: the hook runs, or is this call
        }
        supervisor.stopAll(Duration.ofSeconds(20));
        List<String> names = new ArrayList<>(infrastructure.keySet());
        java.util.Collections.reverse(names);
        for (String name : names) {
            try {
                if (infrastructure.get(name).isAlive()) {
                    stop(name);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                infrastructure.get(name).destroyForcibly();
            }
        }
    }

    /** Bytes of the files beneath the directory (0 when it is missing). */
    public static long bytesBelow(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException gone) {
                    return 0;
                }
            }).sum();
        }
    }
}
