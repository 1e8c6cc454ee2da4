package jp.renkei.system.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import jp.renkei.gateway.GatewayApplication;
import jp.renkei.localstack.test.RenkeiInfrastructure;
import jp.renkei.plan.PlanServiceApplication;
import jp.renkei.sync.RegionalSyncApplication;
import jp.renkei.system.RenkeiSystem;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import jp.renkei.system.load.SignedWebhookReceiver;
import jp.renkei.system.load.PlanEdits;

/**
 * The whole system in one JVM: an editor revises measures through the gateway with its API key at a fixed rate;
 * plan-service writes each revision and its event, regional-sync fans it out and delivers it, signed, to the four
 * seeded partners, whose endpoints here are receivers that verify every signature. Latency from the gateway
 * accepting an edit to each partner receiving it; deliveries per second; lost (an accepted edit a partner never
 * received) must be 0. Then a step-up of rates, each for a short step, to find the highest whose p99 stays under
 * the bound with nothing lost and the rate achieved: the sustainable maximum.
 */
final class PropagationBenchmark {

    static final String NAME = "propagation";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final double rate = Double.parseDouble(System.getProperty("bench.propagation.rate", "50"));
    private final Duration warmup = Duration.ofSeconds(Long.getLong("bench.propagation.warmup-seconds", 3));
    private final Duration measured = Duration.ofSeconds(Long.getLong("bench.propagation.seconds", 10));
    private final int measures = Integer.getInteger("bench.propagation.measures", 16);
    private final List<Double> steps = List.of(System.getProperty("bench.propagation.steps", "10,25,50,100,200")
            .split(",")).stream().map(String::trim).map(Double::parseDouble).toList();
    private final Duration stepLength = Duration.ofSeconds(Long.getLong("bench.propagation.step-seconds", 5));
    private final long p99BoundMillis = Long.getLong("bench.propagation.p99-bound-ms", 2_000);
    private final Duration drainLimit = Duration.ofSeconds(Long.getLong("bench.propagation.drain-limit-seconds", 120));
    private final Map<String, SignedWebhookReceiver> receivers = new LinkedHashMap<>();
    private final Map<String, Object> figures = new LinkedHashMap<>();
    private final SyncConsumerGroup syncGroup = new SyncConsumerGroup(RenkeiInfrastructure.shared().bootstrapServers());

    private PropagationBenchmark() {
    }

    static BenchmarkResult run() throws Exception {
        return new PropagationBenchmark().measure();
    }

    private BenchmarkResult measure() throws Exception {
        try {
            for (String partner : RenkeiSystem.SEEDED_PARTNERS) {
                receivers.put(partner, new SignedWebhookReceiver(partner, PropagationBenchmark::measureAndVersion));
            }
            Histogram latency;
            try (RenkeiSystem system = new RenkeiSystem(settings())) {
                syncGroup.awaitAssigned(drainLimit);
                PlanEdits editor =
                        new PlanEdits(system.gatewayUrl() + "/api", system.editorKey(), "propagation", measures);
                if (!DeliveryTally.await(() -> receivers.values().stream().allMatch(receiver ->
                        receiver.receivedAllKeys(Set.copyOf(editor.created()))), drainLimit)) {
                    throw new IllegalStateException("the partners did not receive the created measures within "
                            + drainLimit);
                }
                editor.run(rate, warmup);
                Step fixed = step(editor, rate, measured);
                latency = fixed.latency;
                figures.put("partners", receivers.size());
                figures.put("measures", measures);
                figures.put("editsPerSecondAsked", rate);
                figures.put("measuredSeconds", measured.toSeconds());
                figures.put("editsAccepted", fixed.accepted);
                figures.put("editsPerSecondAchieved", fixed.achievedRate);
                figures.put("deliveries", latency.getTotalCount());
                figures.put("deliveriesPerSecond", fixed.deliveriesPerSecond);
                figures.put("acceptedToDeliveredP50Ms", latency.getValueAtPercentile(50) / 1000.0);
                figures.put("acceptedToDeliveredP95Ms", latency.getValueAtPercentile(95) / 1000.0);
                figures.put("acceptedToDeliveredP99Ms", latency.getValueAtPercentile(99) / 1000.0);
                figures.put("acceptedToDeliveredMaxMs", latency.getMaxValue() / 1000.0);
                figures.put("lost", fixed.lost);
                stepUp(editor);
                figures.put("editsRefused", editor.refused());
                figures.put("duplicates", receivers.values().stream().mapToLong(SignedWebhookReceiver::duplicates)
                        .sum());
                figures.put("badSignatures", receivers.values().stream()
                        .mapToLong(SignedWebhookReceiver::badSignatures).sum());
            }
            return new BenchmarkResult(NAME, "Edits through the gateway (PUT with If-Match, an editor's API key) at "
                    + rate + "/s over " + measures + " measures, " + measured.toSeconds() + " s after "
                    + warmup.toSeconds() + " s warm-up; each revision delivered by regional-sync-service as a signed "
                    + "webhook to the four seeded partners, here receivers on 127.0.0.1 that verify every signature. "
                    + "Latency: from the gateway's 200 to the partner receiving the webhook, per delivery. Then a "
                    + "step-up (" + steps + " edits/s, " + stepLength.toSeconds() + " s each): the sustainable maximum "
                    + "is the highest rate achieved (at least 95 % of it) with p99 under " + p99BoundMillis
                    + " ms and nothing lost. The whole system in one JVM, on the embedded Kafka broker and "
                    + "MongoDB-wire store.", figures, latency);
        } finally {
            receivers.values().forEach(SignedWebhookReceiver::close);
        }
    }

    private Map<Class<?>, Map<String, Object>> settings() {
        Map<String, Object> quiet = Map.of("logging.level.jp.renkei", "WARN");
        Map<String, Object> sync = new LinkedHashMap<>(quiet);
        sync.putAll(syncGroup.settings());
        receivers.values().forEach(receiver -> {
            sync.put("renkei.sync.bootstrap-endpoints." + receiver.partnerId() + ".url", receiver.url());
            sync.put("renkei.sync.bootstrap-endpoints." + receiver.partnerId() + ".secret", receiver.secret());
        });
        Map<String, Object> gateway = new LinkedHashMap<>(quiet);
        // one editor key at hundreds of edits a second: the per-key bucket would answer 429 long before
        gateway.put("renkei.gateway.per-client.capacity", 1_000_000);
        gateway.put("renkei.gateway.per-client.refill", 1_000_000);
        gateway.put("renkei.gateway.per-client.period", "1s");
        return Map.of(RegionalSyncApplication.class, sync, GatewayApplication.class, gateway,
                PlanServiceApplication.class, quiet);
    }

    private void stepUp(PlanEdits editor) throws Exception {
        List<Map<String, Object>> results = new ArrayList<>();
        double sustainable = 0;
        for (double stepRate : steps) {
            Step step = step(editor, stepRate, stepLength);
            boolean holds = step.lost == 0 && step.achievedRate >= 0.95 * stepRate
                    && step.latency.getValueAtPercentile(99) <= TimeUnit.MILLISECONDS.toMicros(p99BoundMillis);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("editsPerSecondAsked", stepRate);
            result.put("editsPerSecondAchieved", step.achievedRate);
            result.put("deliveriesPerSecond", step.deliveriesPerSecond);
            result.put("p50Ms", step.latency.getValueAtPercentile(50) / 1000.0);
            result.put("p99Ms", step.latency.getValueAtPercentile(99) / 1000.0);
            result.put("lost", step.lost);
            result.put("holds", holds);
            results.add(result);
            if (!holds) {
                break;
            }
            sustainable = stepRate;
        }
        figures.put("stepUpP99BoundMs", p99BoundMillis);
        figures.put("stepUp", results);
        figures.put("sustainableEditsPerSecond", sustainable);
    }

    /** Edits at the rate for the duration, waits for the deliveries (up to the drain limit) and measures them. */
    private Step step(PlanEdits editor, double perSecond, Duration duration) throws Exception {
        long start = System.nanoTime();
        List<String> accepted = editor.run(perSecond, duration);
        double achieved = Math.round(accepted.size() * 10.0 * TimeUnit.SECONDS.toNanos(1)
                / Math.max(System.nanoTime() - start, duration.toNanos())) / 10.0;
        Set<String> expected = Set.copyOf(accepted);
        DeliveryTally.await(() -> receivers.values().stream().allMatch(receiver -> receiver.receivedAllKeys(expected)),
                drainLimit);
        DeliveryTally tally = DeliveryTally.of(accepted, editor::acceptedNanos, receivers.values(),
                SignedWebhookReceiver::arrivalNanosByKey);
        return new Step(accepted.size(), achieved, tally.latency(), tally.lost(), tally.deliveriesPerSecond());
    }

    /** The measure and version a delivered revision is about: its partition key and sequence. */
    private static String measureAndVersion(byte[] body) {
        JsonNode event = JSON.readTree(body);
        return event.path("partitionkey").asString() + "#" + event.path("sequence").asString();
    }

    private record Step(long accepted, double achievedRate, Histogram latency, long lost, double deliveriesPerSecond) {
    }
}
