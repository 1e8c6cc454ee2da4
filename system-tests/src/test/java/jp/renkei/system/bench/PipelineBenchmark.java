package jp.renkei.system.bench;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.renkei.contracts.events.Topics;
import jp.renkei.gateway.GatewayApplication;
import jp.renkei.localstack.test.RenkeiInfrastructure;
import jp.renkei.plan.PlanServiceApplication;
import jp.renkei.support.security.testing.TestTokens;
import jp.renkei.sync.RegionalSyncApplication;
import jp.renkei.system.RenkeiSystem;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.tools.ProducerPerformance;
import jp.renkei.system.load.SignedWebhookReceiver;
import jp.renkei.system.load.PlanEdits;

/**
 * Events per second through the pipeline — editors revising measures in plan-service as fast as it accepts, each
 * revision an event on renkei.plan.events through the outbox, consumed and fanned out into deliveries by
 * regional-sync-service — beside Kafka's own producer benchmark ({@link ProducerPerformance}) on the same embedded
 * broker in the same run, with records of the size of the pipeline's events, and the ratio of the two.
 */
final class PipelineBenchmark {

    static final String NAME = "pipeline-vs-kafka";

    private static final Pattern PERF_TOTAL = Pattern.compile("(\\d+) records sent, ([\\d.]+) records/sec "
            + "\\(([\\d.]+) MB/sec\\), ([\\d.]+) ms avg latency, ([\\d.]+) ms max latency, (\\d+) ms 50th, "
            + "(\\d+) ms 95th, (\\d+) ms 99th");

    private final int writers = Integer.getInteger("bench.pipeline.writers", 4);
    private final Duration warmup = Duration.ofSeconds(Long.getLong("bench.pipeline.warmup-seconds", 3));
    private final Duration measured = Duration.ofSeconds(Long.getLong("bench.pipeline.seconds", 10));
    private final int perfRecords = Integer.getInteger("bench.pipeline.perf-records", 30_000);
    private final Map<String, Object> figures = new LinkedHashMap<>();

    private PipelineBenchmark() {
    }

    static BenchmarkResult run() throws Exception {
        return new PipelineBenchmark().measure();
    }

    private BenchmarkResult measure() throws Exception {
        RenkeiInfrastructure infrastructure = RenkeiInfrastructure.shared();
        SyncConsumerGroup syncGroup = new SyncConsumerGroup(infrastructure.bootstrapServers());
        List<SignedWebhookReceiver> receivers = new ArrayList<>();
        try {
            Map<String, Object> quiet = Map.of("logging.level.jp.renkei", "WARN");
            Map<String, Object> sync = new LinkedHashMap<>(quiet);
            sync.putAll(syncGroup.settings());
            for (String partner : RenkeiSystem.SEEDED_PARTNERS) {
                SignedWebhookReceiver receiver = new SignedWebhookReceiver(partner);
                receivers.add(receiver);
                sync.put("renkei.sync.bootstrap-endpoints." + partner + ".url", receiver.url());
                sync.put("renkei.sync.bootstrap-endpoints." + partner + ".secret", receiver.secret());
            }
            // the gateway signs as TestTokens does, so the editors can write to plan-service directly
            Map<String, Object> gateway = Map.of("renkei.gateway.internal-token.signing-key",
                    TestTokens.shared().signingKeyJwk(), "logging.level.jp.renkei", "WARN");
            try (RenkeiSystem system = new RenkeiSystem(Map.of(RegionalSyncApplication.class, sync,
                    PlanServiceApplication.class, quiet, GatewayApplication.class, gateway))) {
                syncGroup.awaitAssigned(Duration.ofSeconds(60));
                pipeline(system.urls().get("plan-service"), syncGroup);
            }
            int recordSize = recordSize(infrastructure.bootstrapServers());
            producerPerformance(infrastructure.bootstrapServers(), recordSize);
            double pipeline = (double) figures.get("pipelineEventsPerSecond");
            double kafka = (double) figures.get("producerPerformanceRecordsPerSecond");
            figures.put("pipelineToProducerPerformance", Math.round(pipeline / kafka * 100_000.0) / 100_000.0);
            figures.put("producerPerformanceToPipeline", pipeline <= 0 ? "n/a" : Math.round(kafka / pipeline));
        } finally {
            receivers.forEach(SignedWebhookReceiver::close);
        }
        return new BenchmarkResult(NAME, writers + " editors revise measures in plan-service (PUT with If-Match, an "
                + "internal token) as fast as it accepts, for " + measured.toSeconds() + " s after "
                + warmup.toSeconds() + " s warm-up; each revision goes through the outbox to renkei.plan.events and "
                + "is consumed and fanned out into deliveries by regional-sync-service (counted by its consumer "
                + "group's committed offsets); the pipeline's rate is those edits over the time until the last of "
                + "them was fanned out. Beside it, on the same embedded broker in the same JVM, Kafka's own "
                + "ProducerPerformance sends " + perfRecords + " records of the pipeline events' size (value and "
                + "headers) as fast as it can, acks=all. The whole system in one JVM.", figures, Map.of());
    }

    private void pipeline(String planUrl, SyncConsumerGroup syncGroup) throws Exception {
        PlanEdits editors = new PlanEdits(planUrl, TestTokens.shared().editor(), "pipeline", writers);
        editors.runClosedLoop(warmup);
        long fannedOutBefore = syncGroup.committed();
        long start = System.nanoTime();
        long accepted = editors.runClosedLoop(measured);
        long elapsed = System.nanoTime() - start;
        long fannedOut = syncGroup.committed() - fannedOutBefore;
        // the fan-out keeps going after the editors stop: the pipeline's rate is the edits of the measured period
        // over the time until regional-sync has fanned out the last of them
        long target = fannedOutBefore + accepted;
        boolean caughtUp = DeliveryTally.await(() -> {
            try {
                return syncGroup.committed() >= target;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, Duration.ofSeconds(120));
        long throughFanOut = System.nanoTime() - start;
        figures.put("editors", writers);
        figures.put("measuredSeconds", measured.toSeconds());
        figures.put("editsAccepted", accepted);
        figures.put("editsPerSecond", perSecond(accepted, elapsed));
        figures.put("fannedOutPerSecondWhileEditing", perSecond(fannedOut, elapsed));
        figures.put("fanOutCaughtUp", caughtUp);
        figures.put("secondsUntilAllFannedOut", Math.round(throughFanOut / 1e8) / 10.0);
        figures.put("pipelineEventsPerSecond", perSecond(syncGroup.committed() - fannedOutBefore, throughFanOut));
        figures.put("editsRefused", editors.refused());
    }

    /** The mean size of the last events on renkei.plan.events: key, value and headers, as they are on the broker. */
    private static int recordSize(String bootstrapServers) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-size-" + UUID.randomUUID());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.PLAN_EVENTS).stream()
                    .map(partition -> new TopicPartition(Topics.PLAN_EVENTS, partition.partition())).toList();
            consumer.assign(partitions);
            consumer.endOffsets(partitions)
                    .forEach((partition, end) -> consumer.seek(partition, Math.max(0, end - 50)));
            long bytes = 0;
            long count = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (count < 50 && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    bytes += Math.max(0, record.serializedKeySize()) + Math.max(0, record.serializedValueSize());
                    for (var header : record.headers()) {
                        bytes += header.key().length() + header.value().length;
                    }
                    count++;
                }
            }
            if (count == 0) {
                throw new IllegalStateException("no pipeline events to size the producer's records by");
            }
            return (int) (bytes / count);
        }
    }

    private void producerPerformance(String bootstrapServers, int recordSize) throws Exception {
        String topic = "bench-producer-performance-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            int partitions = admin.describeTopics(List.of(Topics.PLAN_EVENTS)).allTopicNames().get()
                    .get(Topics.PLAN_EVENTS).partitions().size();
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        }
        String output = printedBy(() -> ProducerPerformance.main(new String[] {"--topic", topic, "--num-records",
                Integer.toString(perfRecords), "--record-size", Integer.toString(recordSize), "--throughput", "-1",
                "--producer-props", "bootstrap.servers=" + bootstrapServers, "acks=all"}));
        // the tool prints a line every few seconds and the total last
        MatchResult total = null;
        Matcher line = PERF_TOTAL.matcher(output);
        while (line.find()) {
            total = line.toMatchResult();
        }
        if (total == null) {
            throw new IllegalStateException("ProducerPerformance printed no total: " + output);
        }
        figures.put("recordSizeBytes", recordSize);
        figures.put("producerPerformanceRecords", Long.parseLong(total.group(1)));
        figures.put("producerPerformanceRecordsPerSecond", Double.parseDouble(total.group(2)));
        figures.put("producerPerformanceMBPerSecond", Double.parseDouble(total.group(3)));
        figures.put("producerPerformanceP50Ms", Long.parseLong(total.group(6)));
        figures.put("producerPerformanceP99Ms", Long.parseLong(total.group(8)));
    }

    /** What the tool prints to standard output (it prints nowhere else) while it runs. */
    private static String printedBy(ThrowingRunnable tool) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            tool.run();
        } finally {
            System.setOut(original);
        }
        return printed.toString(StandardCharsets.UTF_8);
    }

    private static double perSecond(long count, long nanos) {
        return DeliveryTally.perSecond(count, nanos);
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
