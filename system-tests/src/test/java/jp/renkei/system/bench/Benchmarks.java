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
 * -DskipTests}; {@code -Dbench.only=webhook-delivery} runs the named ones (comma-separated) alone. Numbers come from
 * here, never from tests.
 */
public final class Benchmarks {

    private static final Logger log = LoggerFactory.getLogger(Benchmarks.class);

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
            String only = System.getProperty("bench.only", "");
            for (var benchmark : benchmarks.entrySet()) {
                if (!only.isBlank() && !List.of(only.split(",")).contains(benchmark.getKey())) {
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

    @FunctionalInterface
    private interface Benchmark {
        BenchmarkResult run() throws Exception;
    }
}
