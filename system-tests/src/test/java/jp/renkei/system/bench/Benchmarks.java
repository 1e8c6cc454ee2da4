package jp.renkei.system.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the benchmarks and writes each one's JSON result and Markdown report under the directory given as the first
 * argument ({@code system-tests/target/bench}). Run with {@code ./mvnw -B -pl system-tests -am -Pbench verify
 * -DskipTests}; {@code -Dbench.only=webhook-delivery} runs the named ones (comma-separated) alone. The soak runs only
 * when named ({@code -Dbench.only=soak}, {@code -Dbench.soak.minutes=2} for a short check). Each benchmark runs in a JVM
 * of its own ({@link BenchmarkJvm}). Numbers come from here, never from tests.
 */
public final class Benchmarks {

    private static final Logger log = LoggerFactory.getLogger(Benchmarks.class);

    /** The benchmarks that {@code -Dbench.only} must name: they take too long to run with the others. */
    private static final List<String> ONLY_WHEN_NAMED = List.of(SoakBenchmark.NAME);

    private static volatile Path workDirectory = Path.of("target", "bench").toAbsolutePath();

    private Benchmarks() {
    }

    /** Where the results go; a benchmark keeps its working files (an nginx configuration, say) beneath it. */
    static Path workDirectory() {
        return workDirectory;
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "target/bench");
        Files.createDirectories(out);
        workDirectory = out.toAbsolutePath();
        int status = 1;
        try {
            Map<String, Benchmark> benchmarks = new LinkedHashMap<>();
            benchmarks.put("plan-write", PlanWriteBenchmark::run);
            benchmarks.put(FanOutBenchmark.NAME, FanOutBenchmark::run);
            benchmarks.put(DeliveryBenchmark.NAME, DeliveryBenchmark::run);
            benchmarks.put(GatewayOverheadBenchmark.NAME, GatewayOverheadBenchmark::run);
            benchmarks.put(PropagationBenchmark.NAME, PropagationBenchmark::run);
            benchmarks.put(PipelineBenchmark.NAME, PipelineBenchmark::run);
            benchmarks.put(FootprintBenchmark.NAME, FootprintBenchmark::run);
            benchmarks.put(StoreBenchmark.NAME, StoreBenchmark::run);
            // half an hour by default: run only when named
            benchmarks.put(SoakBenchmark.NAME, SoakBenchmark::run);
            String only = System.getProperty("bench.only", "");
            boolean inThisJvm = Boolean.getBoolean(BenchmarkJvm.IN_THIS_JVM);
            for (var benchmark : benchmarks.entrySet()) {
                boolean named = List.of(only.split(",")).contains(benchmark.getKey());
                if (only.isBlank() ? ONLY_WHEN_NAMED.contains(benchmark.getKey()) : !named) {
                    continue;
                }
                if (!inThisJvm) {
                    runInItsOwnJvm(benchmark.getKey(), args);
                    continue;
                }
                BenchmarkResult result = benchmark.getValue().run();
                result.write(out);
                log.info("{}: {}", result.name(), result.summary());
            }
            status = 0;
        } catch (Exception e) {
            log.error("benchmark failed", e);
        } finally {
            // the embedded broker and the services leave non-daemon threads behind; the run is over either way
            System.exit(status);
        }
    }

    /** Runs one benchmark in a JVM of its own ({@link BenchmarkJvm}), its output on this one's, and waits for it. */
    private static void runInItsOwnJvm(String name, String[] args) throws Exception {
        List<String> command = BenchmarkJvm.command(BenchmarkJvm.java(), name, System.getProperties(), List.of(args));
        log.info("{}: in a JVM of its own, {}", name, String.join(" ", command.subList(0, command.size() - 1)));
        ProcessBuilder jvm = new ProcessBuilder(command).inheritIO();
        jvm.environment().put("CLASSPATH", BenchmarkJvm.classPath());
        Process process = jvm.start();
        try {
            int exit = process.waitFor();
            if (exit != 0) {
                throw new IllegalStateException(name + " failed in its JVM (exit " + exit + ")");
            }
        } finally {
            // this JVM interrupted or stopped: the benchmark's JVM goes with it
            process.destroy();
        }
    }

    @FunctionalInterface
    private interface Benchmark {
        BenchmarkResult run() throws Exception;
    }
}
