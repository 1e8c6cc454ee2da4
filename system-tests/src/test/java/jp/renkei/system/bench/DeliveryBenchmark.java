package jp.renkei.system.bench;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import jp.renkei.contracts.events.Topics;
import jp.renkei.localstack.launcher.ChildCommand;
import jp.renkei.localstack.launcher.ChildService;
import jp.renkei.localstack.launcher.ChildServices;
import jp.renkei.localstack.launcher.StackPaths;
import jp.renkei.localstack.test.RenkeiInfrastructure;
import jp.renkei.sync.RegionalSyncApplication;
import jp.renkei.system.SharedClasspath;
import jp.renkei.system.processes.ProcessStack;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.bson.Document;
import jp.renkei.system.load.SignedWebhookReceiver;
import jp.renkei.system.load.PlanEdits;

/**
 * regional-sync-service against the embedded stack, delivering to four partners' webhook servers on 127.0.0.1 that
 * verify every signature. Three parts:
 * <ol>
 *   <li>steady rate: revisions every partner subscribes to, published at a fixed rate; deliveries per second and
 *       the latency from publishing an event to Kafka to its webhook arriving, per delivery;</li>
 *   <li>burst: a batch published at once; how fast the four partners' deliveries go out when there is a queue;</li>
 *   <li>backlog: 大空町 answers 503 while a backlog of deliveries builds up for it, then recovers; the time it takes
 *       to drain, and meanwhile the latency of a healthy partner's deliveries.</li>
 * </ol>
 * Every part checks that nothing was lost and counts duplicates (a {@code webhook-id} accepted twice).
 *
 * <p>regional-sync-service runs in this JVM, or, with {@code -Dbench.delivery.regional-sync-jvm=own}, in one of its
 * own from its exec jar. The JIT warm-up watches this JVM's compiler only; with {@code ./renkei up}'s options (C1
 * only) the other's settles within the same warm-up, with others (C2) it may not.
 */
final class DeliveryBenchmark {

    static final String NAME = "webhook-delivery";

    private static final List<String> PARTNERS =
            List.of("ozora", "okhotsk-council", "abashiri-fire-union", "abashiri-education-center");
    private static final List<String> EVERY_PARTNER = PlanEdits.EVERY_PARTNER;
    /** Selected by 大空町 alone (its settlement-zone subscription). */
    private static final List<String> OZORA_ONLY = List.of("定住自立圏");
    /** Selected by the education centre alone. */
    private static final List<String> EDUCATION_CENTER_ONLY = List.of("教育");
    private static final String BACKLOG_PARTNER = "ozora";
    private static final String HEALTHY_PARTNER = "abashiri-education-center";

    private final int eventsPerSecond = Integer.getInteger("bench.delivery.events-per-second", 25);
    private final Duration warmup = Duration.ofSeconds(Long.getLong("bench.delivery.warmup-seconds", 5));
    private final Duration measured = Duration.ofSeconds(Long.getLong("bench.delivery.seconds", 30));
    private final int measures = Integer.getInteger("bench.delivery.measures", 16);
    private final int burst = Integer.getInteger("bench.delivery.burst", 2_000);
    private final int backlog = Integer.getInteger("bench.delivery.backlog", 10_000);
    /**
     * The healthy partner's events while the backlog builds up and drains: 20 a second, so that the few seconds of
     * the drain hold enough of them for a p99 (2 a second, before 2026-12-06 evening, left 8, and a p99 of 8 is their
     * maximum).
     */
    private final int healthyEventsPerSecond = Integer.getInteger("bench.delivery.healthy-events-per-second", 20);
    private final Duration drainLimit = Duration.ofSeconds(Long.getLong("bench.delivery.drain-limit-seconds", 1_800));
    /**
     * regional-sync-service in a JVM of its own ({@code -Dbench.delivery.regional-sync-jvm=own}), started from its exec
     * jar with {@code ./renkei up}'s JVM options unless {@code -Dbench.delivery.regional-sync-java-opts} names others,
     * as {@code ./renkei up} and compose run it: then only its own garbage stops it, not the broker's, the store's and
     * the receivers' too. By default it runs in this JVM with everything else, as it always has.
     */
    private final boolean regionalSyncInOwnJvm =
            "own".equals(System.getProperty("bench.delivery.regional-sync-jvm", "shared"));
    private final String regionalSyncJavaOpts =
            System.getProperty("bench.delivery.regional-sync-java-opts", ChildCommand.DEFAULT_JAVA_OPTS);
    private final String runId = UUID.randomUUID().toString().substring(0, 8);
    private final String consumerGroup = "regional-sync-bench-" + runId;
    private final Map<String, SignedWebhookReceiver> receivers = new LinkedHashMap<>();
    private final Map<String, Object> figures = new LinkedHashMap<>();
    private RevisionPublisher publisher;

    private DeliveryBenchmark() {
    }

    static BenchmarkResult run() throws Exception {
        return new DeliveryBenchmark().measure();
    }

    private BenchmarkResult measure() throws Exception {
        RenkeiInfrastructure infrastructure = RenkeiInfrastructure.shared();
        try {
            for (String partner : PARTNERS) {
                receivers.put(partner, new SignedWebhookReceiver(partner));
            }
            try (AutoCloseable sync = startRegionalSync(infrastructure);
                 RevisionPublisher revisions = new RevisionPublisher(infrastructure.bootstrapServers())) {
                publisher = revisions;
                awaitConsuming();
                Histogram latency = steadyRate();
                burst();
                backlog(infrastructure);
                return new BenchmarkResult(NAME, "regional-sync-service delivering plan revisions as signed webhooks "
                        + "(Standard Webhooks) to four partners' receivers on 127.0.0.1, which verify each signature, "
                        + "on the embedded Kafka broker and MongoDB-wire store, "
                        + (regionalSyncInOwnJvm ? "regional-sync-service in a JVM of its own (" + regionalSyncJavaOpts
                        + "), the broker, the store and the receivers in another" : "everything in one JVM")
                        + ". Latency: from "
                        + "handing the CloudEvent to a Kafka producer to the webhook arriving at the partner, per "
                        + "delivery, at a fixed publishing rate. Burst: " + burst + " events at once. Backlog: one "
                        + "partner answers 503 while " + backlog + " deliveries queue for it, then recovers.",
                        figures, latency);
            }
        } finally {
            receivers.values().forEach(SignedWebhookReceiver::close);
        }
    }

    private AutoCloseable startRegionalSync(RenkeiInfrastructure infrastructure) throws IOException {
        List<String> arguments = new ArrayList<>();
        infrastructure.springProperties("sync-bench-" + runId)
                .forEach((name, value) -> arguments.add("--" + name + "=" + value));
        receivers.values().forEach(receiver -> {
            arguments.add("--renkei.sync.bootstrap-endpoints." + receiver.partnerId() + ".url=" + receiver.url());
            arguments.add("--renkei.sync.bootstrap-endpoints." + receiver.partnerId() + ".secret=" + receiver.secret());
        });
        // retries every second, so a partner that recovers is noticed at once; long enough to outlast the outage
        arguments.add("--renkei.sync.delivery.retry-schedule=0s" + ",1s".repeat(3_600));
        arguments.add("--renkei.sync.webhook-allow-list=127.0.0.1:*");
        // a group of its own, from the end of the topic: the plan-write benchmark's events are not for this run
        arguments.add("--spring.cloud.stream.bindings.planEvents-in-0.group=" + consumerGroup);
        arguments.add("--spring.cloud.stream.kafka.bindings.planEvents-in-0.consumer.start-offset=latest");
        // and a delivery topic and dispatcher group of its own: no earlier run's delivery records
        arguments.add("--renkei.sync.delivery.topic=renkei.sync.deliveries." + consumerGroup);
        arguments.add("--renkei.sync.delivery.group=" + consumerGroup + "-dispatch");
        arguments.add("--server.port=0");
        arguments.add("--logging.level.root=WARN");
        figures.put("regionalSyncJvm", regionalSyncInOwnJvm ? "own: " + regionalSyncJavaOpts : "shared");
        if (regionalSyncInOwnJvm) {
            return startInOwnJvm(arguments, regionalSyncJavaOpts);
        }
        arguments.add(SharedClasspath.withoutTheGateway());
        arguments.add(SharedClasspath.ownConfiguration(RegionalSyncApplication.class));
        return RegionalSyncApplication.application().run(arguments.toArray(String[]::new));
    }

    /** Its exec jar, as {@code ./renkei up} starts it; stopped as an operator stops it, killed after a minute. */
    private static AutoCloseable startInOwnJvm(List<String> arguments, String javaOpts) throws IOException {
        ChildService regionalSync = ChildServices.named(ChildServices.REGIONAL_SYNC_SERVICE);
        ChildCommand execJar = ChildCommand.execJar(new StackPaths(ProcessStack.projectRoot()), javaOpts);
        Optional<String> missing = execJar.problem(regionalSync);
        if (missing.isPresent()) {
            throw new IllegalStateException(missing.get());
        }
        List<String> command = execJar.command(regionalSync, arguments);
        Path log = Benchmarks.workDirectory().resolve(NAME + "-regional-sync.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // not left running when this JVM is stopped before it could close it
        Thread orphaned = new Thread(process::destroyForcibly, "bench-regional-sync-stop");
        Runtime.getRuntime().addShutdownHook(orphaned);
        return () -> {
            Runtime.getRuntime().removeShutdownHook(orphaned);
            process.destroy();
            if (!process.waitFor(1, TimeUnit.MINUTES)) {
                process.destroyForcibly().waitFor();
            }
        };
    }

    /** The consumer starts at the end of the topic once it has its partitions: publish until something arrives. */
    /**
     * True once every receiver has every one of the webhooks. The benchmark runs in the JVM it measures, so the check
     * is cheap while deliveries are still arriving (a count), and compares ids only once the count says they may be
     * complete: copying and comparing 10,000 ids every 20 ms took a third of a core from the dispatcher (JFR).
     */
    private static BooleanSupplier allArrived(Collection<SignedWebhookReceiver> receivers, Collection<String> ids) {
        Set<String> expected = Set.copyOf(ids);
        Map<SignedWebhookReceiver, Long> completeAt = new LinkedHashMap<>();
        for (SignedWebhookReceiver receiver : receivers) {
            // counted first: one that arrives meanwhile is then in neither number, so the count errs low, never high
            long arrived = receiver.distinctArrivals();
            long missing = expected.stream().filter(id -> receiver.arrivalNanos(id) == null).count();
            completeAt.put(receiver, arrived + missing);
        }
        return () -> completeAt.entrySet().stream().allMatch(receiver ->
                receiver.getKey().distinctArrivals() >= receiver.getValue()
                        && receiver.getKey().receivedAll(expected));
    }

    private void awaitConsuming() {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            String probe = publisher.publish("bench-probe", EVERY_PARTNER);
            publisher.flush();
            if (await(() -> receivers.values().stream().allMatch(receiver -> receiver.arrivalNanos(probe) != null),
                    Duration.ofSeconds(3))) {
                return;
            }
        }
        throw new IllegalStateException("regional-sync-service delivered no probe event within 120 s");
    }

    private Histogram steadyRate() throws Exception {
        long period = TimeUnit.SECONDS.toNanos(1) / eventsPerSecond;
        long start = System.nanoTime();
        long[] published = {0};
        // the same rate from the start: at least `warmup`, then until the JIT compiler has caught up (JitWarmup);
        // with a fixed 5 s the compiler, not the path, made the tail (p99 1.4 s against 73 ms after 30 s)
        JitWarmup.Slice publishing = slice -> {
            long until = System.nanoTime() + slice.toNanos();
            for (long due = start + published[0] * period; due < until; due = start + published[0] * period) {
                parkUntil(due);
                publisher.publish("bench-steady-" + (published[0]++ % measures), EVERY_PARTNER);
            }
        };
        publishing.run(warmup);
        JitWarmup.Outcome warmed = JitWarmup.untilCompilerQuiet(publishing, Duration.ofSeconds(3),
                Double.parseDouble(System.getProperty("bench.delivery.compiler-quiet-share", "0.05")),
                Duration.ofSeconds(Long.getLong("bench.delivery.max-warmup-seconds", 300)));
        long compiledBefore = JitWarmup.compilerMillis();
        long measureFrom = System.nanoTime();
        long end = measureFrom + measured.toNanos();
        List<String> measuredEvents = new ArrayList<>();
        for (long due = start + published[0] * period; due < end; due = start + published[0] * period) {
            parkUntil(due);
            measuredEvents.add(publisher.publish("bench-steady-" + (published[0]++ % measures), EVERY_PARTNER));
        }
        double compilerShare = (JitWarmup.compilerMillis() - compiledBefore) * 1_000_000.0 / measured.toNanos();
        publisher.flush();
        await(allArrived(receivers.values(), measuredEvents), Duration.ofSeconds(120));
        figures.put("warmupSeconds", Math.round(warmed.took().plus(warmup).toMillis() / 100.0) / 10.0);
        figures.put("compilerSettled", warmed.settled());
        figures.put("compilerShareWhileMeasured", Math.round(compilerShare * 1000) / 1000.0);

        DeliveryTally tally = DeliveryTally.of(measuredEvents, publisher::sentNanos, receivers.values(),
                SignedWebhookReceiver::arrivalNanos);
        Histogram latency = tally.latency();
        long lost = tally.lost();
        long deliveries = latency.getTotalCount();
        figures.put("partners", receivers.size());
        figures.put("eventsPerSecondPublished", eventsPerSecond);
        figures.put("measuredSeconds", measured.toSeconds());
        figures.put("deliveries", deliveries);
        figures.put("deliveriesPerSecond", tally.deliveriesPerSecond());
        figures.put("eventToDeliveredP50Ms", latency.getValueAtPercentile(50) / 1000.0);
        figures.put("eventToDeliveredP95Ms", latency.getValueAtPercentile(95) / 1000.0);
        figures.put("eventToDeliveredP99Ms", latency.getValueAtPercentile(99) / 1000.0);
        figures.put("eventToDeliveredMaxMs", latency.getMaxValue() / 1000.0);
        figures.put("lost", lost);
        return latency;
    }

    private void burst() {
        List<String> events = new ArrayList<>();
        long start = System.nanoTime();
        for (int n = 0; n < burst; n++) {
            events.add(publisher.publish("bench-burst-" + (n % measures), EVERY_PARTNER));
        }
        publisher.flush();
        await(allArrived(receivers.values(), events), Duration.ofSeconds(600));
        long lost = 0;
        long lastArrival = start;
        for (String event : events) {
            for (SignedWebhookReceiver receiver : receivers.values()) {
                Long arrived = receiver.arrivalNanos(event);
                if (arrived == null) {
                    lost++;
                } else {
                    lastArrival = Math.max(lastArrival, arrived);
                }
            }
        }
        long deliveries = (long) events.size() * receivers.size() - lost;
        figures.put("burstEvents", burst);
        figures.put("burstDeliveriesPerSecond", perSecond(deliveries, lastArrival - start));
        figures.put("burstSeconds", seconds(lastArrival - start));
        figures.put("burstLost", lost);
    }

    private void backlog(RenkeiInfrastructure infrastructure) throws Exception {
        SignedWebhookReceiver failing = receivers.get(BACKLOG_PARTNER);
        SignedWebhookReceiver healthy = receivers.get(HEALTHY_PARTNER);
        failing.answer(503);
        long outageStart = System.nanoTime();

        List<String> healthyEvents = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean trickling = new AtomicBoolean(true);
        Thread trickle = new Thread(() -> {
            for (long n = 0; trickling.get(); n++) {
                parkUntil(outageStart + n * TimeUnit.SECONDS.toNanos(1) / healthyEventsPerSecond);
                healthyEvents.add(publisher.publish("bench-healthy-" + (n % 4), EDUCATION_CENTER_ONLY));
            }
        }, "bench-healthy-partner");
        trickle.start();

        List<String> backlogEvents = new ArrayList<>();
        for (int n = 0; n < backlog; n++) {
            backlogEvents.add(publisher.publish("bench-backlog-" + (n % 100), OZORA_ONLY));
        }
        publisher.flush();
        awaitFannedOut(infrastructure.bootstrapServers());
        long queued = System.nanoTime();

        failing.answer(200);
        boolean drained = await(allArrived(List.of(failing), backlogEvents), drainLimit);
        trickling.set(false);
        trickle.join();
        publisher.flush();
        List<String> healthyPublished = List.copyOf(healthyEvents);
        await(allArrived(List.of(healthy), healthyPublished), Duration.ofSeconds(120));

        long lost = 0;
        long lastArrival = queued;
        long firstArrival = Long.MAX_VALUE;
        for (String event : backlogEvents) {
            Long arrived = failing.arrivalNanos(event);
            if (arrived == null) {
                lost++;
            } else {
                lastArrival = Math.max(lastArrival, arrived);
                firstArrival = Math.min(firstArrival, arrived);
            }
        }
        Histogram healthyLatency = new Histogram(TimeUnit.MINUTES.toMicros(60), 3);
        // published once the backlog was fanned out: they queue behind no burst of events on the topic, so what
        // they wait for is only the failing partner's backlog in the dispatcher, which must cost them nothing
        Histogram healthyBesideTheBacklog = new Histogram(TimeUnit.MINUTES.toMicros(60), 3);
        long healthyLost = 0;
        List<String> healthyBesideEvents = new ArrayList<>();
        for (String event : healthyPublished) {
            Long arrived = healthy.arrivalNanos(event);
            if (arrived == null) {
                healthyLost++;
            } else {
                long micros = Math.max(0, (arrived - publisher.sentNanos(event)) / 1_000);
                healthyLatency.recordValue(micros);
                if (publisher.sentNanos(event) >= queued) {
                    healthyBesideTheBacklog.recordValue(micros);
                    healthyBesideEvents.add(event);
                }
            }
        }
        figures.put("backlogDeliveries", backlog);
        figures.put("backlogQueuedSeconds", seconds(queued - outageStart));
        figures.put("backlogRefusedAttemptsWhileDown", failing.refused());
        figures.put("backlogDrained", drained);
        figures.put("backlogDrainSeconds", seconds(lastArrival - queued));
        figures.put("backlogDrainDeliveriesPerSecond", perSecond(backlog - lost, lastArrival - queued));
        // the drain is the wait until the breaker's next trial finds the partner back, then the sending
        if (firstArrival != Long.MAX_VALUE) {
            figures.put("backlogFirstDeliverySeconds", seconds(firstArrival - queued));
            figures.put("backlogSendingDeliveriesPerSecond", perSecond(backlog - lost, lastArrival - firstArrival));
        }
        figures.put("backlogLost", lost);
        figures.put("healthyPartnerEventsPerSecond", healthyEventsPerSecond);
        figures.put("healthyPartnerDeliveriesMeanwhile", healthyLatency.getTotalCount());
        figures.put("healthyPartnerP50Ms", healthyLatency.getValueAtPercentile(50) / 1000.0);
        figures.put("healthyPartnerP99Ms", healthyLatency.getValueAtPercentile(99) / 1000.0);
        figures.put("healthyPartnerMaxMs", healthyLatency.getMaxValue() / 1000.0);
        figures.put("healthyPartnerLost", healthyLost);
        figures.put("healthyPartnerBesideTheBacklogDeliveries", healthyBesideTheBacklog.getTotalCount());
        figures.put("healthyPartnerBesideTheBacklogP50Ms", healthyBesideTheBacklog.getValueAtPercentile(50) / 1000.0);
        figures.put("healthyPartnerBesideTheBacklogP99Ms", healthyBesideTheBacklog.getValueAtPercentile(99) / 1000.0);
        figures.put("healthyPartnerBesideTheBacklogHops", hops(infrastructure, healthyBesideEvents));
        figures.put("duplicates", receivers.values().stream().mapToLong(SignedWebhookReceiver::duplicates).sum());
        figures.put("badSignatures", receivers.values().stream().mapToLong(SignedWebhookReceiver::badSignatures).sum());
    }

    /**
     * Where the healthy partner's deliveries beside the backlog spent their time, p50, p90 and p99 in ms, from what
     * the store recorded of each: published → its delivery created (the plan topic and the fan-out's fetch: {@code
     * createdAt} is stamped when the fan-out starts storing its batch), created → request started (the fan-out's
     * inserts of the events and deliveries, the hand-over, the dispatcher), and the request itself ({@code
     * durationMillis}); the store keeps milliseconds.
     */
    private Map<String, Object> hops(RenkeiInfrastructure infrastructure, List<String> events) {
        String uri = infrastructure.springProperties("sync-bench-" + runId).get("spring.mongodb.uri").toString();
        long wallMinusNanos = System.currentTimeMillis() * 1_000_000 - System.nanoTime();
        List<Long> toFanOut = new ArrayList<>();
        List<Long> fanOutToRequest = new ArrayList<>();
        List<Long> request = new ArrayList<>();
        try (MongoClient client = MongoClients.create(uri)) {
            MongoDatabase db = client.getDatabase(new ConnectionString(uri).getDatabase());
            Map<String, Document> delivered = new HashMap<>();
            // accepted deliveries are recorded in the history in batches, a moment after they arrived
            await(() -> {
                db.getCollection("delivery_history").find(Filters.and(Filters.eq("partnerId", HEALTHY_PARTNER),
                        Filters.in("eventId", events))).forEach(doc -> delivered.put(doc.getString("_id"), doc));
                return delivered.size() >= events.size();
            }, Duration.ofSeconds(30));
            Map<String, Document> attempts = new HashMap<>();
            db.getCollection("delivery_attempts").find(Filters.in("deliveryId", List.copyOf(delivered.keySet())))
                    .forEach(doc -> attempts.put(doc.getString("deliveryId"), doc));
            for (Document delivery : delivered.values()) {
                Document attempt = attempts.get(delivery.getString("_id"));
                if (attempt == null) {
                    continue;
                }
                long publishedNanos = publisher.sentNanos(delivery.getString("eventId")) + wallMinusNanos;
                long createdNanos = TimeUnit.MILLISECONDS.toNanos(delivery.getDate("createdAt").getTime());
                long requestNanos = TimeUnit.MILLISECONDS.toNanos(attempt.getLong("durationMillis"));
                long startedNanos = TimeUnit.MILLISECONDS.toNanos(attempt.getDate("at").getTime()) - requestNanos;
                toFanOut.add(Math.max(0, createdNanos - publishedNanos));
                fanOutToRequest.add(Math.max(0, startedNanos - createdNanos));
                request.add(requestNanos);
            }
        }
        Map<String, Object> hops = new LinkedHashMap<>();
        hops.put("deliveries", request.size());
        hops.put("publishedToCreated", PathTimestamps.percentilesMillis(toFanOut));
        hops.put("createdToRequestStarted", PathTimestamps.percentilesMillis(fanOutToRequest));
        hops.put("request", PathTimestamps.percentilesMillis(request));
        return hops;
    }

    /**
     * Waits until regional-sync has consumed (and so stored the deliveries of) everything on the topic so far: its
     * group's committed offsets reach the end offsets as they are now.
     */
    private void awaitFannedOut(String bootstrapServers) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Map<TopicPartition, OffsetSpec> partitions = new LinkedHashMap<>();
            admin.describeTopics(List.of(Topics.PLAN_EVENTS)).allTopicNames().get().get(Topics.PLAN_EVENTS).partitions()
                    .forEach(partition -> partitions.put(new TopicPartition(Topics.PLAN_EVENTS, partition.partition()),
                            OffsetSpec.latest()));
            Map<TopicPartition, Long> ends = new LinkedHashMap<>();
            admin.listOffsets(partitions).all().get().forEach((partition, info) -> ends.put(partition, info.offset()));
            boolean consumed = await(() -> {
                try {
                    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(consumerGroup)
                            .partitionsToOffsetAndMetadata().get();
                    return ends.entrySet().stream().allMatch(end -> committed.get(end.getKey()) != null
                            ? committed.get(end.getKey()).offset() >= end.getValue() : end.getValue() == 0);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, drainLimit);
            if (!consumed) {
                throw new IllegalStateException("regional-sync-service did not consume the backlog within " + drainLimit);
            }
        }
    }

    private static boolean await(BooleanSupplier condition, Duration limit) {
        return DeliveryTally.await(condition, limit);
    }

    private static void parkUntil(long nanoTime) {
        for (long left = nanoTime - System.nanoTime(); left > 0; left = nanoTime - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    private static double perSecond(long count, long nanos) {
        return DeliveryTally.perSecond(count, nanos);
    }

    private static double seconds(long nanos) {
        return Math.round(nanos / 100_000_000.0) / 10.0;
    }
}
