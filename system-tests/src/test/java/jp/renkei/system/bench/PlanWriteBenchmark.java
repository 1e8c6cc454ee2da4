package jp.renkei.system.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import jp.renkei.contracts.events.Topics;
import jp.renkei.localstack.test.RenkeiInfrastructure;
import jp.renkei.plan.PlanServiceApplication;
import jp.renkei.support.security.testing.TestTokens;
import jp.renkei.system.SharedClasspath;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * plan-service against the embedded stack: several editors each revise a measure of their own as fast as the
 * service accepts (each PUT carries the ETag of the previous one), while an outside consumer reads
 * renkei.plan.events. Reports accepted edits per second and the latency from sending a PUT to its event being
 * readable on Kafka, and checks that every accepted edit arrived.
 */
final class PlanWriteBenchmark {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PLAN = "/plans/abashiri-comprehensive-plan";
    private static final String EDITOR_TOKEN = TestTokens.shared().editor();
    private static final String CLIENT_THREADS = "bench-plan-write-";
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private PlanWriteBenchmark() {
    }

    static BenchmarkResult run() throws Exception {
        int writers = Integer.getInteger("bench.plan.writers", 4);
        Duration warmup = Duration.ofSeconds(Long.getLong("bench.plan.warmup-seconds", 5));
        Duration measured = Duration.ofSeconds(Long.getLong("bench.plan.seconds", 20));
        RenkeiInfrastructure infrastructure = RenkeiInfrastructure.shared();
        String database = "plan-bench-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> arguments = new ArrayList<>(List.of("--server.port=0",
                "--spring.kafka.bootstrap-servers=" + infrastructure.bootstrapServers(),
                "--spring.mongodb.uri=" + infrastructure.mongoUri(database), "--logging.level.root=WARN",
                "--renkei.security.jwks-uri=" + TestTokens.shared().jwksUri(),
                SharedClasspath.withoutTheGateway(), SharedClasspath.ownConfiguration(PlanServiceApplication.class)));
        // e.g. -Dbench.plan.service-args=--renkei.security.verified-tokens=0 to measure without the token cache
        String extra = System.getProperty("bench.plan.service-args", "");
        if (!extra.isBlank()) {
            arguments.addAll(List.of(extra.split(" ")));
        }
        try (ConfigurableApplicationContext plan = PlanServiceApplication.application()
                .run(arguments.toArray(String[]::new))) {
            String base = "http://127.0.0.1:" + plan.getEnvironment().getProperty("local.server.port");
            BlockingHttp http = new BlockingHttp(REQUEST_TIMEOUT);
            List<String> measures = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                measures.add(create(http, base, "bench-" + i));
            }

            Map<String, Long> sentNanos = new ConcurrentHashMap<>();
            Map<String, Long> arrivedNanos = new ConcurrentHashMap<>();
            AtomicBoolean consuming = new AtomicBoolean(true);
            Thread consumer = new Thread(() -> consume(infrastructure, Set.copyOf(measures), arrivedNanos, consuming),
                    CLIENT_THREADS + "consumer");
            consumer.start();

            // the editors run from now on; what they send is measured from the end of the warm-up, which lasts at
            // least `warmup` and then until the JIT compiler has caught up with the write path (JitWarmup)
            AtomicLong measuring = new AtomicLong(Long.MAX_VALUE);
            AtomicLong end = new AtomicLong(Long.MAX_VALUE);
            AtomicLong accepted = new AtomicLong();
            Map<String, Long> measuredSends = new ConcurrentHashMap<>();
            CountDownLatch edited = new CountDownLatch(writers);
            CountDownLatch cpuRead = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(writers);
            for (String measure : measures) {
                new Thread(() -> {
                    try {
                        edit(http, base, measure, end, measuring, sentNanos, measuredSends, accepted);
                    } finally {
                        // the CPU of a thread that ended is not known: an editor stays until it has been read
                        edited.countDown();
                        awaitQuietly(cpuRead);
                        done.countDown();
                    }
                }, CLIENT_THREADS + "editor-" + measure).start();
            }
            Thread.sleep(warmup.toMillis());
            JitWarmup.Outcome warmed = JitWarmup.untilCompilerQuiet(slice -> Thread.sleep(slice.toMillis()), Duration.ofSeconds(3),
                    Double.parseDouble(System.getProperty("bench.plan.compiler-quiet-share", "0.05")),
                    Duration.ofSeconds(Long.getLong("bench.plan.max-warmup-seconds", 300)));
            ProcessCpu cpu = new ProcessCpu();
            ThreadCpu threadCpu = new ThreadCpu();
            cpu.start();
            threadCpu.start();
            long compiledBefore = JitWarmup.compilerMillis();
            measuring.set(System.nanoTime());
            end.set(measuring.get() + measured.toNanos());
            edited.await();
            long compiledMillis = JitWarmup.compilerMillis() - compiledBefore;
            double compilerShare = compiledMillis * 1_000_000.0 / measured.toNanos();
            double cpuMillis = cpu.millisSinceStart();
            Map<String, Double> cpuByThreads = threadCpu.millisByGroup();
            cpuRead.countDown();
            done.await();

            long waitUntil = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!arrivedNanos.keySet().containsAll(measuredSends.keySet()) && System.nanoTime() < waitUntil) {
                Thread.sleep(50);
            }
            consuming.set(false);
            consumer.join();

            Histogram latency = new Histogram(60_000_000L, 3);
            long lost = 0;
            for (var sent : measuredSends.entrySet()) {
                Long arrived = arrivedNanos.get(sent.getKey());
                if (arrived == null) {
                    lost++;
                } else {
                    latency.recordValue(Math.max(0, (arrived - sent.getValue()) / 1000));
                }
            }
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("writers", writers);
            figures.put("measuredSeconds", measured.toSeconds());
            figures.put("acceptedEdits", accepted.get());
            figures.put("editsPerSecond", Math.round(accepted.get() * 10.0 / measured.toSeconds()) / 10.0);
            figures.put("writeToKafkaP50Ms", latency.getValueAtPercentile(50) / 1000.0);
            figures.put("writeToKafkaP99Ms", latency.getValueAtPercentile(99) / 1000.0);
            figures.put("writeToKafkaMaxMs", latency.getMaxValue() / 1000.0);
            figures.put("lost", lost);
            // the whole JVM: editors, plan-service, relay, broker and store; on 2 dedicated cores the ceiling would be
            // about 2,000 ms / this
            figures.put("cpuMsPerEdit", perEdit(cpuMillis, accepted.get()));
            // the benchmark's own editors (their HTTP included) and the outside consumer: not the service's cost
            double clientMillis = cpuByThreads.entrySet().stream().filter(group -> isClient(group.getKey()))
                    .mapToDouble(Map.Entry::getValue).sum();
            figures.put("clientCpuMsPerEdit", perEdit(clientMillis, accepted.get()));
            figures.put("serviceCpuMsPerEdit", perEdit(cpuMillis - clientMillis, accepted.get()));
            // the JIT compiler's threads (not Java threads, so in no group below): still compiling, it is part of
            // the figure above, and none of the service's steady cost
            figures.put("compilerMsPerEdit", perEdit(compiledMillis, accepted.get()));
            Map<String, Double> byThreads = new LinkedHashMap<>();
            cpuByThreads.entrySet().stream().limit(15)
                    .forEach(group -> byThreads.put(group.getKey(), perEdit(group.getValue(), accepted.get())));
            figures.put("cpuMsPerEditByThreads", byThreads);
            figures.put("warmupSeconds", warmup.toSeconds() + Math.round(warmed.took().toMillis() / 100.0) / 10.0);
            figures.put("jitWarmupSettled", warmed.settled());
            // the compiler threads' time over the measured window: near 0 once the warm-up did its job
            figures.put("compilerShare", Math.round(compilerShare * 100.0) / 100.0);
            figures.put("serviceArguments", extra);
            return new BenchmarkResult("plan-write", "Edits accepted by plan-service (PUT with If-Match, each editor "
                    + "on a measure of its own) and the latency from sending the PUT to its CloudEvent being readable "
                    + "by an outside consumer of renkei.plan.events, on the embedded Kafka broker and MongoDB-wire "
                    + "store, everything in one JVM.", figures, latency);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static double perEdit(double millis, long edits) {
        return Math.round(millis * 100.0 / Math.max(1, edits)) / 100.0;
    }

    /** The benchmark's own threads: its editors (which do their HTTP themselves, {@link BlockingHttp}), its consumer. */
    private static boolean isClient(String threadGroup) {
        return threadGroup.startsWith(CLIENT_THREADS);
    }

    private static String create(BlockingHttp http, String base, String measureId) throws Exception {
        JsonNode template = JSON.readTree(send(http, "GET", base + PLAN + "/measures/5-2-2", null).body());
        ObjectNode body = JSON.createObjectNode();
        for (String field : List.of("title", "currentSituation", "basicPolicy", "initiatives", "relatedPlans",
                "glossary", "tags")) {
            body.set(field, template.get(field));
        }
        body.put("measureId", measureId).put("goalNumber", 5).put("areaId", "5-2");
        BlockingHttp.Response created = send(http, "POST", base + PLAN + "/measures", body.toString());
        if (created.status() != 201) {
            throw new IllegalStateException("could not create " + measureId + ": " + created.body());
        }
        return measureId;
    }

    private static void edit(BlockingHttp http, String base, String measureId, AtomicLong end, AtomicLong measureFrom,
                             Map<String, Long> sentNanos, Map<String, Long> measuredSends, AtomicLong accepted) {
        try {
            String url = base + PLAN + "/measures/" + measureId;
            BlockingHttp.Response current = send(http, "GET", url, null);
            ObjectNode body = JSON.createObjectNode();
            JsonNode measure = JSON.readTree(current.body());
            for (String field : List.of("title", "currentSituation", "basicPolicy", "initiatives", "relatedPlans",
                    "glossary", "tags")) {
                body.set(field, measure.get(field));
            }
            long version = measure.path("version").asLong();
            for (int n = 0; System.nanoTime() < end.get(); n++) {
                body.put("basicPolicy", "改訂 " + n + "：広域連携の推進（第２期）①");
                long sent = System.nanoTime();
                BlockingHttp.Response revised = send(http, "PUT", url, body.toString(),
                        "If-Match", "\"" + version + "\"");
                if (revised.status() != 200) {
                    throw new IllegalStateException("PUT " + measureId + " answered " + revised.status());
                }
                version++;
                String key = measureId + "#" + version;
                sentNanos.put(key, sent);
                if (sent >= measureFrom.get() && sent < end.get()) {
                    measuredSends.put(key, sent);
                    accepted.incrementAndGet();
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void consume(RenkeiInfrastructure infrastructure, Set<String> measures, Map<String, Long> arrived,
                                AtomicBoolean running) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "10");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.PLAN_EVENTS));
            while (running.get()) {
                consumer.poll(Duration.ofMillis(20)).forEach(record -> {
                    String key = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
                    var sequence = record.headers().lastHeader("ce_sequence");
                    if (measures.contains(key) && sequence != null) {
                        arrived.putIfAbsent(key + "#" + new String(sequence.value(), StandardCharsets.UTF_8),
                                System.nanoTime());
                    }
                });
            }
        }
    }

    /** Sends with an editor's internal token, as the gateway forwards it (the token is validated on every call). */
    private static BlockingHttp.Response send(BlockingHttp http, String method, String url, String json,
                                              String... headers) throws Exception {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Authorization", "Bearer " + EDITOR_TOKEN);
        if (json != null) {
            all.put("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            all.put(headers[i], headers[i + 1]);
        }
        return http.send(method, url, all, json);
    }
}
