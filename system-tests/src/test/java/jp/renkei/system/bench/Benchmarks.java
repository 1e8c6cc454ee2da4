package jp.renkei.system.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the benchmarks and writes each one's JSON result and Markdown report under the directory given as the first
 * argument ({@code system-tests/target/bench}). Run with {@code ./mvnw -B -pl system-tests -am -Pbench verify
 * -DskipTests}. Numbers come from here, never from tests.
 */
public final class Benchmarks {

    private static final Logger log = LoggerFactory.getLogger(Benchmarks.class);

    private Benchmarks() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "target/bench");
        Files.createDirectories(out);
        int status = 1;
        try {
            for (BenchmarkResult result : List.of(PlanWriteBenchmark.run())) {
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
}
