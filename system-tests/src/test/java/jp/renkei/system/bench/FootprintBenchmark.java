package jp.renkei.system.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import jp.renkei.localstack.launcher.ChildServices;
import jp.renkei.localstack.launcher.PortSpec;
import jp.renkei.system.load.PlanEdits;

/**
 * The local stack as {@code ./renkei up} runs it — the launcher's exec jar in a JVM of its own (Kafka and the
 * MongoDB-wire store inside it), the services as its child JVMs from their exec jars — on ports each binds itself
 * ({@code RENKEI_PORT_*=0}, the web pages' aside: see {@link #launch}) and with a temporary data directory: the time from launch to all-healthy, and each process's resident memory (VmRSS) at idle
 * and at its highest under a short propagation load (edits through its gateway with the demo editor key). Needs the
 * exec jars: {@code ./mvnw -B -DskipTests package} first.
 */
final class FootprintBenchmark {

    static final String NAME = "footprint";

    private static final List<String> MODULES = List.of("local-stack", "plan-service", "consultation-service",
            "regional-sync-service", "gateway", "partner-inbox", "web");
    private static final Pattern HEALTHY = Pattern.compile("all services healthy, ([\\d.]+) s after launch");
    private static final Pattern GATEWAY = Pattern.compile("^  gateway +http://localhost:(\\d+)");
    /** How often a launch is tried again when the web pages' port was taken before they bound it. */
    private static final int LAUNCH_ATTEMPTS = 3;
    private static final Pattern EDITOR_KEY = Pattern.compile("^export RENKEI_EDITOR_KEY=(\\S+)", Pattern.MULTILINE);
    private static final Pattern JAR = Pattern.compile("([a-z-]+)-exec\\.jar");
    private static final String LAUNCHER = "launcher (Kafka, MongoDB)";

    private final Path project = Path.of(System.getProperty("bench.footprint.project",
            Benchmarks.workDirectory().resolve("../../..").normalize().toString()));
    private final Duration healthLimit = Duration.ofSeconds(Long.getLong("bench.footprint.health-limit-seconds", 300));
    private final Duration idle = Duration.ofSeconds(Long.getLong("bench.footprint.idle-seconds", 5));
    private final double rate = Double.parseDouble(System.getProperty("bench.footprint.rate", "20"));
    private final Duration load = Duration.ofSeconds(Long.getLong("bench.footprint.load-seconds", 10));
    private final Map<String, Object> figures = new LinkedHashMap<>();

    private FootprintBenchmark() {
    }

    static BenchmarkResult run() throws Exception {
        return new FootprintBenchmark().measure();
    }

    private BenchmarkResult measure() throws Exception {
        Path root = Files.createTempDirectory("renkei-footprint");
        for (String module : MODULES) {
            Path jar = project.resolve(module).resolve("target").resolve(module + "-exec.jar");
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " is missing: build the exec jars first with "
                        + "./mvnw -B -DskipTests package");
            }
            Files.createDirectories(root.resolve(module).resolve("target"));
            Files.createSymbolicLink(root.resolve(module).resolve("target").resolve(module + "-exec.jar"), jar);
        }
        Launch launched = launch(root);
        Process launcher = launched.launcher();
        try {
            figures.put("launchToAllHealthySeconds", launched.seconds());
            figures.put("launchToAllHealthySecondsAsReported", launched.reportedSeconds());
            Map<String, Long> processes = processes(launcher);
            Thread.sleep(idle.toMillis());
            Map<String, Long> idleKib = rss(processes);
            Map<String, Long> peakKib = new LinkedHashMap<>(idleKib);
            String editorKey = editorKey(root);
            PlanEdits editor = new PlanEdits("http://127.0.0.1:" + launched.gatewayPort() + "/api", editorKey,
                    "footprint", 4);
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    rss(processes).forEach((name, kib) -> peakKib.merge(name, kib, Math::max));
                    try {
                        Thread.sleep(500);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "bench-footprint-rss");
            sampler.start();
            List<String> accepted = editor.run(rate, load);
            sampler.interrupt();
            sampler.join();
            rss(processes).forEach((name, kib) -> peakKib.merge(name, kib, Math::max));
            Map<String, Object> idleMib = new LinkedHashMap<>();
            Map<String, Object> loadMib = new LinkedHashMap<>();
            idleKib.forEach((name, kib) -> idleMib.put(name, mib(kib)));
            peakKib.forEach((name, kib) -> loadMib.put(name, mib(kib)));
            figures.put("rssIdleMiB", idleMib);
            figures.put("rssIdleTotalMiB", mib(idleKib.values().stream().mapToLong(Long::longValue).sum()));
            figures.put("rssUnderLoadPeakMiB", loadMib);
            figures.put("rssUnderLoadPeakTotalMiB", mib(peakKib.values().stream().mapToLong(Long::longValue).sum()));
            figures.put("loadEditsPerSecondAsked", rate);
            figures.put("loadSeconds", load.toSeconds());
            figures.put("loadEditsAccepted", accepted.size());
            figures.put("loadEditsRefused", editor.refused());
            figures.put("servicesJavaOpts", System.getenv().getOrDefault("RENKEI_JAVA_OPTS",
                    jp.renkei.localstack.launcher.ChildCommand.DEFAULT_JAVA_OPTS));
            figures.put("execJarsBuilt", Files.getLastModifiedTime(project.resolve(
                    "plan-service/target/plan-service-exec.jar")).toInstant().toString());
        } finally {
            stop(launcher);
            deleteRecursively(root);
        }
        return new BenchmarkResult(NAME, "The local stack started the way ./renkei up starts it (the launcher's exec "
                + "jar in its own JVM with Kafka and the MongoDB-wire store inside, each service a child JVM from its "
                + "exec jar), on ports each binds itself (the web pages' picked) with a temporary data directory. Launch to all-healthy as measured from "
                + "here and as the launcher prints it; resident memory (VmRSS from /proc/<pid>/status) of each "
                + "process " + idle.toSeconds() + " s after all were healthy, and its highest, sampled every 0.5 s, "
                + "under " + rate + " edits/s through its gateway for " + load.toSeconds() + " s (each revision "
                + "delivered to the seeded partners' endpoints on the local partner inbox).", figures, Map.of());
    }

    /** A launcher whose services are all healthy: how long that took, measured here and as it said, and its gateway. */
    private record Launch(Process launcher, double seconds, double reportedSeconds, int gatewayPort) {
    }

    /**
     * {@code ./renkei up} with every port 0 but the web pages': the gateway routes the pages to the web application,
     * which calls the API through the gateway, so one of the two must be told its port before either starts (the
     * launcher refuses both on 0). That one port is picked free and released, and another process may take it before
     * the web pages bind it; then the launch fails, naming the port, and is tried again with another.
     */
    private Launch launch(Path root) throws Exception {
        for (int attempt = 1; ; attempt++) {
            int webPort = PickedPort.pick();
            ProcessBuilder launch = new ProcessBuilder("java", "-Drenkei.home=" + root, "-jar",
                    root.resolve("local-stack/target/local-stack-exec.jar").toString(), "up").redirectErrorStream(true);
            for (PortSpec spec : ChildServices.portSpecs(ChildServices.ALL)) {
                launch.environment().put(spec.envVar(), spec.name().equals(ChildServices.WEB) ? Integer.toString(webPort)
                        : "0");
            }
            long started = System.nanoTime();
            Process launcher = launch.start();
            CompletableFuture<Double> healthy = new CompletableFuture<>();
            CompletableFuture<Integer> gateway = new CompletableFuture<>();
            Path log = root.resolve("launcher-console-" + attempt + ".log");
            Thread console = new Thread(() -> follow(launcher, log, healthy, gateway), "bench-footprint-console");
            console.setDaemon(true);
            console.start();
            try {
                double reported = healthy.get(healthLimit.toSeconds(), TimeUnit.SECONDS);
                double seconds = Math.round((System.nanoTime() - started) / 1e8) / 10.0;
                return new Launch(launcher, seconds, reported, gateway.get(30, TimeUnit.SECONDS));
            } catch (ExecutionException | TimeoutException failed) {
                stop(launcher);
                boolean webPortTaken = failed instanceof ExecutionException
                        && Files.readString(log).contains(Integer.toString(webPort));
                if (!webPortTaken || attempt == LAUNCH_ATTEMPTS) {
                    throw failed;
                }
            }
        }
    }

    /** Copies the launcher's console to a file; completes when it says all services are healthy and where its gateway is. */
    private static void follow(Process launcher, Path log, CompletableFuture<Double> healthy,
                               CompletableFuture<Integer> gateway) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(launcher.getInputStream(),
                StandardCharsets.UTF_8)); var out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                out.write(line);
                out.newLine();
                out.flush();
                Matcher matcher = HEALTHY.matcher(line);
                if (matcher.find()) {
                    healthy.complete(Double.parseDouble(matcher.group(1)));
                }
                Matcher gatewayLine = GATEWAY.matcher(line);
                if (gatewayLine.find()) {
                    gateway.complete(Integer.parseInt(gatewayLine.group(1)));
                }
            }
            healthy.completeExceptionally(new IllegalStateException("the launcher exited before all services were "
                    + "healthy; see " + log));
        } catch (IOException e) {
            healthy.completeExceptionally(e);
        }
    }

    /** The launcher and its child JVMs, by name (the module of each child's exec jar). */
    private static Map<String, Long> processes(Process launcher) {
        Map<String, Long> processes = new LinkedHashMap<>();
        processes.put(LAUNCHER, launcher.pid());
        launcher.toHandle().children().sorted(Comparator.comparingLong(ProcessHandle::pid)).forEach(child -> {
            Matcher jar = JAR.matcher(child.info().commandLine().orElse(""));
            processes.put(jar.find() ? jar.group(1) : "pid " + child.pid(), child.pid());
        });
        return processes;
    }

    /** Resident memory of each process in KiB, from {@code /proc/<pid>/status}; gone processes are left out. */
    private static Map<String, Long> rss(Map<String, Long> processes) {
        Map<String, Long> rss = new LinkedHashMap<>();
        processes.forEach((name, pid) -> {
            try {
                Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                        .filter(line -> line.startsWith("VmRSS:"))
                        .findFirst()
                        .ifPresent(line -> rss.put(name, Long.parseLong(line.replaceAll("[^0-9]", ""))));
            } catch (IOException gone) {
                // the process has exited
            }
        });
        return rss;
    }

    private static String editorKey(Path root) throws IOException {
        Matcher key = EDITOR_KEY.matcher(Files.readString(root.resolve("data/local-credentials")));
        if (!key.find()) {
            throw new IllegalStateException("no RENKEI_EDITOR_KEY in data/local-credentials");
        }
        return key.group(1);
    }

    /** As Ctrl-C on ./renkei up: the launcher stops its children; any it left behind are stopped here. */
    private static void stop(Process launcher) throws InterruptedException {
        List<ProcessHandle> children = launcher.toHandle().descendants().toList();
        launcher.destroy();
        if (!launcher.waitFor(60, TimeUnit.SECONDS)) {
            launcher.destroyForcibly();
        }
        for (ProcessHandle child : children) {
            if (child.isAlive()) {
                child.destroyForcibly();
            }
        }
    }

    private static double mib(long kib) {
        return Math.round(kib * 10.0 / 1024) / 10.0;
    }

    private static void deleteRecursively(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
