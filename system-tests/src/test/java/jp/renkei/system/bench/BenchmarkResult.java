package jp.renkei.system.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.json.JsonMapper;

/**
 * One benchmark's figures: named numbers, an optional latency histogram (microseconds), the command that produced
 * them and the machine they came from.
 */
record BenchmarkResult(String name, String description, Map<String, Object> figures,
                       Map<String, Histogram> latenciesMicros) {

    static final String COMMAND = "./mvnw -B -pl system-tests -am -Pbench verify -DskipTests";
    private static final String LATENCY = "latency";

    /** One latency distribution, or none when {@code latencyMicros} is null. */
    BenchmarkResult(String name, String description, Map<String, Object> figures, Histogram latencyMicros) {
        this(name, description, figures, latencyMicros == null ? Map.of() : Map.of(LATENCY, latencyMicros));
    }

    String summary() {
        return figures.toString();
    }

    void write(Path directory) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("benchmark", name);
        json.put("description", description);
        json.put("command", COMMAND);
        json.put("at", Instant.now().toString());
        json.put("machine", machine());
        json.put("figures", figures);
        if (latenciesMicros.keySet().equals(java.util.Set.of(LATENCY))) {
            json.put("latencyMicros", percentiles(latenciesMicros.get(LATENCY)));
        } else if (!latenciesMicros.isEmpty()) {
            Map<String, Object> each = new LinkedHashMap<>();
            latenciesMicros.forEach((part, histogram) -> each.put(part, percentiles(histogram)));
            json.put("latencyMicros", each);
        }
        JsonMapper mapper = JsonMapper.builder().build();
        Files.writeString(directory.resolve(name + ".json"),
                mapper.writerWithDefaultPrettyPrinter().writeValueAsString(json), StandardCharsets.UTF_8);
        Files.writeString(directory.resolve(name + ".md"), markdown(), StandardCharsets.UTF_8);
    }

    private static Map<String, Object> percentiles(Histogram latency) {
        return Map.of("p50", latency.getValueAtPercentile(50), "p95", latency.getValueAtPercentile(95),
                "p99", latency.getValueAtPercentile(99), "max", latency.getMaxValue(),
                "count", latency.getTotalCount());
    }

    private String markdown() {
        StringBuilder md = new StringBuilder("# ").append(name).append("\n\n").append(description).append("\n\n")
                .append("Command: `").append(COMMAND).append("`  \nMachine: ").append(machine()).append("\n\n")
                .append("| figure | value |\n|---|---|\n");
        figures.forEach((key, value) -> md.append("| ").append(key).append(" | ").append(value).append(" |\n"));
        latenciesMicros.forEach((part, latency) -> {
            ByteArrayOutputStream distribution = new ByteArrayOutputStream();
            latency.outputPercentileDistribution(new PrintStream(distribution, true, StandardCharsets.UTF_8), 5,
                    1000.0);
            md.append("\nLatency distribution").append(LATENCY.equals(part) ? "" : ", " + part)
                    .append(" (milliseconds):\n\n```\n").append(distribution.toString(StandardCharsets.UTF_8))
                    .append("```\n");
        });
        return md.toString();
    }

    private static String loadAverage() {
        try {
            String[] fields = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (java.io.IOException | RuntimeException unknown) {
            return "unknown";
        }
    }

    static Map<String, Object> machine() {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        machine.put("memoryGiB", Math.round(os.getTotalMemorySize() / (1024.0 * 1024 * 1024)));
        machine.put("java", System.getProperty("java.version"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        // other work on the machine moves every figure: the 1-, 5- and 15-minute load averages when the result was made
        machine.put("loadAverage", loadAverage());
        return machine;
    }
}
