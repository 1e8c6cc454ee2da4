package jp.renkei.system.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.InsertManyOptions;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import jp.renkei.localstack.test.RenkeiInfrastructure;
import jp.renkei.sync.RegionalSyncApplication;
import jp.renkei.system.SharedClasspath;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;
import jp.renkei.system.load.SignedWebhookReceiver;
import jp.renkei.system.load.PlanEdits;

/**
 * regional-sync-service's fan-out, event → stored deliveries and feed entries, on the embedded store: a burst of
 * events that all four partners subscribe to, published at once, and the rate at which the service consumes and
 * stores them (its group's committed offsets reach the end of the topic), while it also delivers them to the four
 * partners' signature-verifying receivers. Run twice: on an empty database, and on one that already holds
 * {@code bench.fanout.history} events with their delivered deliveries and feed entries, written straight into the
 * store beforehand; the cost per event must not grow with history.
 */
final class FanOutBenchmark {

    static final String NAME = "fan-out";
    private static final Logger log = LoggerFactory.getLogger(FanOutBenchmark.class);

    private static final List<String> PARTNERS =
            List.of("ozora", "okhotsk-council", "abashiri-fire-union", "abashiri-education-center");

    private final int burst = Integer.getInteger("bench.fanout.burst", 10_000);
    private final int history = Integer.getInteger("bench.fanout.history", 100_000);
    private final int measures = Integer.getInteger("bench.fanout.measures", 100);
    private final Duration limit = Duration.ofSeconds(Long.getLong("bench.fanout.limit-seconds", 1_800));
    /** The warm-up's bursts, on a database of their own, until the JIT compiler has caught up (JitWarmup). */
    private final int warmupBurst = Integer.getInteger("bench.fanout.warmup-burst", 2_000);
    private final double compilerQuietShare =
            Double.parseDouble(System.getProperty("bench.fanout.compiler-quiet-share", "0.05"));
    private final Duration maxWarmup = Duration.ofSeconds(Long.getLong("bench.fanout.max-warmup-seconds", 300));
    private final String runId = UUID.randomUUID().toString().substring(0, 8);
    private final Map<String, Object> figures = new LinkedHashMap<>();

    private FanOutBenchmark() {
    }

    static BenchmarkResult run() throws Exception {
        return new FanOutBenchmark().measure();
    }

    private BenchmarkResult measure() throws Exception {
        RenkeiInfrastructure infrastructure = RenkeiInfrastructure.shared();
        figures.put("partners", PARTNERS.size());
        figures.put("burstEvents", burst);
        // the empty store is measured first: without a warm-up it measured the JIT compiler (350 events/s on
        // 2026-12-05, against 1,005 on the 100,000 events of history measured after it)
        warmUp(infrastructure);
        double empty = burst(infrastructure, "fanout-empty-" + runId, 0);
        if (history > 0) {
            // -Dbench.fanout.history=0 measures the empty store alone (a profile of the fan-out, say)
            double loaded = burst(infrastructure, "fanout-history-" + runId, history);
            figures.put("historyEvents", history);
            figures.put("perEventCostRatioAtHistory", Math.round(empty / loaded * 100) / 100.0);
        }
        return new BenchmarkResult(NAME, "regional-sync-service fanning out a burst of " + burst + " plan revisions "
                + "that all four partners subscribe to (one delivery and one feed entry per partner and event), from "
                + "publishing the first to the consumer group's committed offsets reaching the end of the topic, while "
                + "the same service delivers them to four signature-verifying receivers on 127.0.0.1; on an empty "
                + "store and on one holding " + history + " events of history, everything in one JVM on the embedded "
                + "Kafka broker and MongoDB-wire store.", figures, Map.of());
    }

    /**
     * Bursts of {@code warmupBurst} events on a database of their own, until the compiler has caught up with the
     * fan-out; the code it compiles stays compiled for the services started after.
     */
    private void warmUp(RenkeiInfrastructure infrastructure) throws Exception {
        running(infrastructure, "fanout-warmup-" + runId, (group, publisher) -> {
            AtomicInteger bursts = new AtomicInteger();
            JitWarmup.Outcome warmed = JitWarmup.untilCompilerQuiet(
                    slice -> publish(publisher, group, "bench-fanout-warmup-" + bursts.incrementAndGet(), warmupBurst),
                    Duration.ZERO, compilerQuietShare, maxWarmup);
            figures.put("warmupSeconds", Math.round(warmed.took().toMillis() / 100.0) / 10.0);
            figures.put("warmupBursts", bursts.get());
            figures.put("compilerSettled", warmed.settled());
            return null;
        });
    }

    /** One burst on a database of its own, holding {@code historyEvents} beforehand; events fanned out per second. */
    private double burst(RenkeiInfrastructure infrastructure, String database, int historyEvents) throws Exception {
        String prefix = historyEvents == 0 ? "empty" : "history";
        if (historyEvents > 0) {
            long started = System.nanoTime();
            preload(infrastructure.springProperties(database).get("spring.mongodb.uri").toString(), historyEvents);
            figures.put("historyPreloadSeconds", seconds(System.nanoTime() - started));
        }
        return running(infrastructure, database, (group, publisher) -> {
            Burst timed = publish(publisher, group, "bench-fanout-" + prefix, burst);
            double perSecond = DeliveryTally.perSecond(burst, timed.fannedOutNanos());
            figures.put(prefix + "PublishSeconds", seconds(timed.publishedNanos()));
            figures.put(prefix + "FanOutSeconds", seconds(timed.fannedOutNanos()));
            figures.put(prefix + "FanOutEventsPerSecond", perSecond);
            figures.put(prefix + "FanOutMicrosPerEvent", Math.round(timed.fannedOutNanos() / 1_000.0 / burst));
            log.info("fan-out, {} store: {} events in {} s, {} events/s", prefix, burst,
                    seconds(timed.fannedOutNanos()), perSecond);
            return perSecond;
        });
    }

    /** What runs against a started regional-sync-service: its consumer group and a publisher of revisions. */
    @FunctionalInterface
    private interface AgainstTheService<T> {
        T run(SyncConsumerGroup group, RevisionPublisher publisher) throws Exception;
    }

    /**
     * Starts regional-sync-service on {@code database} with the four partners' receivers, waits until its consumer
     * group has its partitions, runs {@code work}, and stops it all.
     */
    private <T> T running(RenkeiInfrastructure infrastructure, String database, AgainstTheService<T> work)
            throws Exception {
        Map<String, SignedWebhookReceiver> receivers = receivers();
        try {
            SyncConsumerGroup group = new SyncConsumerGroup(infrastructure.bootstrapServers());
            try (ConfigurableApplicationContext sync = start(infrastructure, database, receivers, group);
                 RevisionPublisher publisher = new RevisionPublisher(infrastructure.bootstrapServers())) {
                group.awaitAssigned(Duration.ofSeconds(120));
                return work.run(group, publisher);
            }
        } finally {
            receivers.values().forEach(SignedWebhookReceiver::close);
        }
    }

    /** How long a burst took to publish, and until the service's group had committed all of it. */
    private record Burst(long publishedNanos, long fannedOutNanos) {
    }

    /**
     * Publishes {@code events} revisions, over {@link #measures} measures keyed {@code keyPrefix}, and waits until the
     * group has committed them all: fanned out.
     */
    private Burst publish(RevisionPublisher publisher, SyncConsumerGroup group, String keyPrefix, int events)
            throws Exception {
        long before = group.endOffsets();
        long start = System.nanoTime();
        for (int n = 0; n < events; n++) {
            publisher.publish(keyPrefix + "-" + (n % measures), PlanEdits.EVERY_PARTNER);
        }
        publisher.flush();
        long publishedNanos = System.nanoTime() - start;
        if (!DeliveryTally.await(() -> committedSince(group, before) >= events, limit)) {
            throw new IllegalStateException("a burst of " + events + " events (" + keyPrefix + ") was not fanned out "
                    + "within " + limit);
        }
        return new Burst(publishedNanos, System.nanoTime() - start);
    }

    private static long committedSince(SyncConsumerGroup group, long before) {
        try {
            return group.committed() - before;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The four partners' receivers; none left open if one cannot be. */
    private static Map<String, SignedWebhookReceiver> receivers() throws IOException {
        Map<String, SignedWebhookReceiver> receivers = new LinkedHashMap<>();
        try {
            for (String partner : PARTNERS) {
                receivers.put(partner, new SignedWebhookReceiver(partner));
            }
        } catch (IOException | RuntimeException e) {
            receivers.values().forEach(SignedWebhookReceiver::close);
            throw e;
        }
        return receivers;
    }

    private ConfigurableApplicationContext start(RenkeiInfrastructure infrastructure, String database,
                                                 Map<String, SignedWebhookReceiver> receivers,
                                                 SyncConsumerGroup group) {
        List<String> arguments = new ArrayList<>();
        infrastructure.springProperties(database).forEach((name, value) -> arguments.add("--" + name + "=" + value));
        group.settings().forEach((name, value) -> arguments.add("--" + name + "=" + value));
        receivers.values().forEach(receiver -> {
            arguments.add("--renkei.sync.bootstrap-endpoints." + receiver.partnerId() + ".url=" + receiver.url());
            arguments.add("--renkei.sync.bootstrap-endpoints." + receiver.partnerId() + ".secret=" + receiver.secret());
        });
        arguments.add("--renkei.sync.webhook-allow-list=127.0.0.1:*");
        arguments.add("--server.port=0");
        arguments.add("--logging.level.root=WARN");
        arguments.add(SharedClasspath.withoutTheGateway());
        arguments.add(SharedClasspath.ownConfiguration(RegionalSyncApplication.class));
        return RegionalSyncApplication.application().run(arguments.toArray(String[]::new));
    }

    /**
     * What months of events leave behind, written as regional-sync-service writes it: the events, one delivered
     * delivery per partner and event in the history, and each partner's feed (its entries, positions and counter).
     */
    private static void preload(String mongoUri, int events) {
        try (MongoClient client = MongoClients.create(mongoUri)) {
            MongoDatabase db = client.getDatabase(new com.mongodb.ConnectionString(mongoUri).getDatabase());
            InsertManyOptions unordered = new InsertManyOptions().ordered(false);
            Date at = Date.from(Instant.now().minus(Duration.ofDays(90)));
            int chunk = 2_000;
            for (int from = 0; from < events; from += chunk) {
                List<Document> stored = new ArrayList<>();
                List<Document> delivered = new ArrayList<>();
                List<Document> entries = new ArrayList<>();
                List<Document> positions = new ArrayList<>();
                for (int n = from; n < Math.min(events, from + chunk); n++) {
                    String eventId = "history-" + n;
                    String measure = "history-" + (n % 100);
                    stored.add(new Document("_id", eventId).append("source", "/municipalities/abashiri/plans/"
                                    + "abashiri-comprehensive-plan").append("type", "jp.renkei.plan.measure.revised.v1")
                            .append("subject", "measures/" + measure).append("time", at).append("sequence", "" + n)
                            .append("partitionKey", measure).append("data", "{\"planId\":\"abashiri-comprehensive-plan\","
                                    + "\"measureId\":\"" + measure + "\",\"note\":\"第" + n + "版\"}")
                            .append("receivedAt", at));
                    for (String partner : PARTNERS) {
                        String endpoint = partner + "-bootstrap";
                        String deliveryId = partner + ":" + endpoint + ":" + eventId;
                        delivered.add(new Document("_id", deliveryId).append("partnerId", partner)
                                .append("endpointId", endpoint).append("eventId", eventId)
                                .append("eventType", "jp.renkei.plan.measure.revised.v1")
                                .append("subject", "measures/" + measure).append("sequence", (long) n)
                                .append("status", "DELIVERED").append("attempts", 1).append("nextAttemptAt", at)
                                .append("createdAt", at).append("deliveredAt", at).append("lastStatusCode", 204)
                                .append("latestOnly", false));
                        long position = n + 1L;
                        entries.add(new Document("_id", partner + ":" + eventId).append("partnerId", partner)
                                .append("position", position).append("eventId", eventId).append("appendedAt", at));
                        positions.add(new Document("_id", partner + ":" + position).append("partnerId", partner)
                                .append("position", position).append("eventId", eventId).append("appendedAt", at));
                    }
                }
                insert(db.getCollection("events"), stored, unordered);
                insert(db.getCollection("delivery_history"), delivered, unordered);
                insert(db.getCollection("feed_entries"), entries, unordered);
                insert(db.getCollection("feed_positions"), positions, unordered);
            }
            for (String partner : PARTNERS) {
                db.getCollection("feed_counters").insertOne(new Document("_id", partner).append("next", (long) events));
            }
        }
    }

    private static double seconds(long nanos) {
        return Math.round(nanos / 100_000_000.0) / 10.0;
    }

    private static void insert(MongoCollection<Document> collection, List<Document> documents,
                               InsertManyOptions options) {
        collection.insertMany(documents, options);
    }
}
