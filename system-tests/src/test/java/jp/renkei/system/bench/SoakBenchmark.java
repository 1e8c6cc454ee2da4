package jp.renkei.system.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.renkei.localstack.launcher.ChildServices;
import jp.renkei.system.load.PartnerReceivers;
import jp.renkei.system.load.PlanEdits;
import jp.renkei.system.load.SignedWebhookReceiver;
import jp.renkei.system.processes.ProcessStack;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The soak: the local stack with every piece in its own process ({@link ProcessStack}, as {@code ./renkei up} runs the
 * services), edits through the gateway at a steady rate for a long time (30 minutes at 50/s by default), four
 * partners of which one fails half of its requests at random. Every minute: each of plan-service's and
 * regional-sync's heap after a full GC ({@code jcmd GC.run}, then {@code GC.heap_info}), the delivery backlog
 * (revisions accepted but not yet at a partner, the healthy three and the failing one apart), the store's and Kafka's
 * bytes on disk, and the p99 from an edit's 200 to its webhook over the deliveries that arrived in that minute. The
 * samples go to {@code soak.csv} and {@code soak.svg} beside the results: nothing may grow without levelling off.
 */
final class SoakBenchmark {

    static final String NAME = "soak";

    private static final Logger log = LoggerFactory.getLogger(SoakBenchmark.class);
    private static final String FLAKY = "abashiri-education-center";
    private static final Pattern HEAP_USED = Pattern.compile(
            "^\\s*(def new generation|tenured generation|garbage-first heap|PSYoungGen|ParOldGen)\\s.*?used (\\d+)K",
            Pattern.MULTILINE);
    private static final List<String> COLUMNS = List.of("minute", "plan-service heap after GC (MiB)",
            "regional-sync heap after GC (MiB)", "backlog to the healthy partners (deliveries)",
            "backlog to the failing partner (deliveries)", "store on disk (MiB)", "Kafka on disk (MiB)",
            "edits accepted per second", "p99 edit to webhook at the healthy partners (ms)");

    private final Duration duration = Duration.ofMinutes(Long.getLong("bench.soak.minutes", 30));
    private final Duration sampleEvery = Duration.ofSeconds(Long.getLong("bench.soak.sample-seconds", 60));
    private final double rate = Double.parseDouble(System.getProperty("bench.soak.rate", "50"));
    private final int measures = Integer.getInteger("bench.soak.measures", 16);
    private final double failFraction = Double.parseDouble(System.getProperty("bench.soak.fail-fraction", "0.5"));
    /**
     * Twelve attempts, the last ones 5 minutes apart: a delivery to a partner that fails half the time fails for
     * good once in 4,096, and none waits longer than the run (the default schedule's 30 minutes and hours would).
     */
    private final String retrySchedule = System.getProperty("bench.soak.retry-schedule",
            "0s,1s,5s,30s,1m,2m,5m,5m,5m,5m,5m,5m");
    private final Path project = Path.of(System.getProperty("bench.soak.project",
            Benchmarks.workDirectory().resolve("../../..").normalize().toString()));

    private SoakBenchmark() {
    }

    static BenchmarkResult run() throws Exception {
        return new SoakBenchmark().measure();
    }

    private BenchmarkResult measure() throws Exception {
        Path root = Files.createTempDirectory(Benchmarks.workDirectory(), "soak-stack-");
        List<double[]> samples = new ArrayList<>();
        Map<String, Object> figures = new LinkedHashMap<>();
        Histogram healthyLatency = new Histogram(TimeUnit.HOURS.toMicros(2), 3);
        try (PartnerReceivers partners = new PartnerReceivers(ChildServices.SEEDED_PARTNERS, 64)) {
            List<String> sync = new ArrayList<>(partners.endpointArguments());
            sync.add("--renkei.sync.delivery.retry-schedule=" + retrySchedule);
            List<String> gateway = List.of("--renkei.gateway.per-client.capacity=1000000",
                    "--renkei.gateway.per-client.refill=1000000", "--renkei.gateway.per-client.period=1s");
            try (ProcessStack stack = ProcessStack.start(project, root, partners.port(), null,
                    Map.of(ProcessStack.REGIONAL_SYNC_SERVICE, sync, ProcessStack.GATEWAY, gateway),
                    Duration.ofMinutes(5))) {
                PlanEdits editor = new PlanEdits(stack.gatewayUrl() + "/api", stack.key("RENKEI_EDITOR_KEY"), "soak",
                        measures);
                List<String> accepted = java.util.Collections.synchronizedList(new ArrayList<>());
                editor.onAccepted(accepted::add);
                partners.get(FLAKY).failFraction(failFraction);
                long start = System.nanoTime();
                CompletableFuture<List<String>> edits = CompletableFuture.supplyAsync(() -> {
                    try {
                        return editor.run(rate, duration);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                });
                long previous = start;
                int acceptedBefore = 0;
                for (int minute = 1; start + minute * sampleEvery.toNanos() <= start + duration.toNanos(); minute++) {
                    long due = start + minute * sampleEvery.toNanos();
                    for (long left = due - System.nanoTime(); left > 0; left = due - System.nanoTime()) {
                        LockSupport.parkNanos(left);
                    }
                    long now = System.nanoTime();
                    List<String> soFar;
                    synchronized (accepted) {
                        soFar = List.copyOf(accepted);
                    }
                    Histogram minuteLatency = new Histogram(TimeUnit.HOURS.toMicros(2), 3);
                    long healthyBacklog = 0;
                    long flakyBacklog = 0;
                    for (SignedWebhookReceiver partner : partners.all()) {
                        boolean flaky = partner.partnerId().equals(FLAKY);
                        for (String key : soFar) {
                            Long arrived = partner.arrivalNanosByKey(key);
                            if (arrived == null) {
                                if (flaky) {
                                    flakyBacklog++;
                                } else {
                                    healthyBacklog++;
                                }
                            } else if (!flaky && arrived > previous && arrived <= now) {
                                long micros = Math.max(0, (arrived - editor.acceptedNanos(key)) / 1_000);
                                minuteLatency.recordValue(micros);
                                healthyLatency.recordValue(micros);
                            }
                        }
                    }
                    double[] row = {minute, heapAfterGcMiB(stack.pid(ProcessStack.PLAN_SERVICE)),
                            heapAfterGcMiB(stack.pid(ProcessStack.REGIONAL_SYNC_SERVICE)), healthyBacklog,
                            flakyBacklog, mib(ProcessStack.bytesBelow(stack.storeDirectory())),
                            mib(ProcessStack.bytesBelow(stack.kafkaDirectory())),
                            Math.round((soFar.size() - acceptedBefore) * 10.0 * TimeUnit.SECONDS.toNanos(1)
                                    / (now - previous)) / 10.0,
                            minuteLatency.getTotalCount() == 0 ? 0 : minuteLatency.getValueAtPercentile(99) / 1000.0};
                    samples.add(row);
                    log.info("soak sample: {}", SoakPlot.csv(COLUMNS, List.of(row)).lines().skip(1).findFirst()
                            .orElse(""));
                    writeSamples(samples);
                    previous = now;
                    acceptedBefore = soFar.size();
                }
                List<String> all = edits.get(10, TimeUnit.MINUTES);
                figures.put("minutes", duration.toMinutes());
                figures.put("editsPerSecondAsked", rate);
                figures.put("measures", measures);
                figures.put("editsAccepted", all.size());
                figures.put("editsRefused", editor.refused());
                figures.put("failingPartner", FLAKY);
                figures.put("failingPartnerFailFraction", failFraction);
                figures.put("retrySchedule", retrySchedule);
                figures.put("duplicates", partners.all().stream().mapToLong(SignedWebhookReceiver::duplicates).sum());
                figures.put("badSignatures", partners.all().stream().mapToLong(SignedWebhookReceiver::badSignatures)
                        .sum());
                figures.put("failingPartnerRefused", partners.get(FLAKY).refused());
                figures.put("samples", samples.size());
                if (!samples.isEmpty()) {
                    double[] first = samples.get(0);
                    double[] last = samples.get(samples.size() - 1);
                    for (int column = 1; column < COLUMNS.size(); column++) {
                        final int c = column;
                        figures.put(COLUMNS.get(column), Map.of("first", first[column], "last", last[column],
                                "max", samples.stream().mapToDouble(sample -> sample[c]).max().orElse(0)));
                    }
                }
            }
        }
        return new BenchmarkResult(NAME, "The soak: every piece of the local stack in a process of its own (Kafka and "
                + "the store from the launcher's --only, the four services from their exec jars with ./renkei up's "
                + "arguments and JVM options), edits through the gateway with the editor's key at " + rate + "/s over "
                + measures + " measures for " + duration.toMinutes() + " minutes, four partners on 127.0.0.1 that "
                + "verify every signature, " + FLAKY + " answering 500 to " + failFraction + " of requests at random "
                + "(retry schedule " + retrySchedule + "). Sampled every " + sampleEvery.toSeconds() + " s into "
                + "soak.csv and soak.svg: heap after a full GC (jcmd GC.run, GC.heap_info) of plan-service and "
                + "regional-sync, revisions accepted but not yet received (healthy partners; the failing one), the "
                + "store's and Kafka's bytes on disk, edits accepted per second and the p99 from the gateway's 200 to "
                + "the webhook over the deliveries to the healthy partners that arrived in the interval.", figures,
                healthyLatency);
    }

    private void writeSamples(List<double[]> samples) throws IOException {
        String csv = SoakPlot.csv(COLUMNS, samples);
        Files.writeString(Benchmarks.workDirectory().resolve("soak.csv"), csv, StandardCharsets.UTF_8);
        Files.writeString(Benchmarks.workDirectory().resolve("soak.svg"), SoakPlot.svg("Soak: " + rate
                + " edits/s, four partners, one failing " + Math.round(failFraction * 100) + " % of requests", csv),
                StandardCharsets.UTF_8);
    }

    /** A full GC in the process, then its heap in use: what the heap holds that is still reachable. */
    static double heapAfterGcMiB(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        return mib(heapUsedKib(jcmd(pid, "GC.heap_info")) * 1024);
    }

    /** The heap in use in {@code jcmd GC.heap_info}'s answer, in KiB: its generations (or G1's heap) summed. */
    static long heapUsedKib(String heapInfo) {
        Matcher used = HEAP_USED.matcher(heapInfo);
        long kib = 0;
        while (used.find()) {
            kib += Long.parseLong(used.group(2));
        }
        return kib;
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!jcmd.waitFor(60, TimeUnit.SECONDS)) {
            jcmd.destroyForcibly();
        }
        return out;
    }

    private static double mib(long bytes) {
        return Math.round(bytes * 10.0 / (1024 * 1024)) / 10.0;
    }
}
