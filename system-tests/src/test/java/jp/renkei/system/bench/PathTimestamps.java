package jp.renkei.system.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;
import jp.renkei.contracts.events.Topics;
import jp.renkei.system.load.SignedWebhookReceiver;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where an edit's time goes on its way to a partner, seen from outside the services: two consumers of their own
 * note when each revision became readable on renkei.plan.events and when each of its deliveries became readable
 * (committed) on the delivery topic, and the records' timestamps say when plan-service's relay and regional-sync's
 * fan-out handed them to their producers. With the editor's "accepted" and the receiver's "arrived" that splits every
 * delivery into five hops. Timestamps are wall-clock milliseconds, turned into this JVM's {@link System#nanoTime()}
 * (everything runs in one JVM); a hop can come out slightly negative from that rounding, or when the relay sent an
 * event before the editor had read its 200.
 *
 * <p>The delivery topic's observer reads committed records only, with the broker's default wait for a fetch (500 ms),
 * so it also shows whether the broker answers a {@code read_committed} fetch as soon as a transaction commits.
 */
final class PathTimestamps implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String MEASURES = "measures/";
    /** The five hops, in order; see {@link #hops}. */
    static final List<String> HOPS = List.of("acceptedToRelaySent", "relaySentToPlanTopic", "planTopicToFanOutSent",
            "fanOutSentToCommitted", "committedToReceived");

    private final long wallToNanoOffset = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis()) - System.nanoTime();
    /** By {@code measure#version}: when readable on the plan topic, and the record's timestamp. */
    private final Map<String, Long> planSeen = new ConcurrentHashMap<>();
    private final Map<String, Long> planStamped = new ConcurrentHashMap<>();
    /** By {@code measure#version|partner}: when committed on the delivery topic, and the record's timestamp. */
    private final Map<String, Long> deliverySeen = new ConcurrentHashMap<>();
    private final Map<String, Long> deliveryStamped = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> observers = new ArrayList<>();

    PathTimestamps(String bootstrapServers, String deliveryTopic) {
        observers.add(observe(bootstrapServers, Topics.PLAN_EVENTS, IsolationLevel.READ_UNCOMMITTED, record -> {
            var sequence = record.headers().lastHeader("ce_sequence");
            if (record.key() != null && sequence != null) {
                String key = new String(record.key(), StandardCharsets.UTF_8) + "#"
                        + new String(sequence.value(), StandardCharsets.UTF_8);
                planSeen.putIfAbsent(key, System.nanoTime());
                planStamped.putIfAbsent(key, toNanos(record.timestamp()));
            }
        }));
        observers.add(observe(bootstrapServers, deliveryTopic, IsolationLevel.READ_COMMITTED, record -> {
            JsonNode delivery = JSON.readTree(record.value()).path("delivery");
            String subject = delivery.path("subject").asString("");
            if (subject.startsWith(MEASURES)) {
                String key = subject.substring(MEASURES.length()) + "#" + delivery.path("sequence").asLong() + "|"
                        + delivery.path("partnerId").asString();
                deliverySeen.putIfAbsent(key, System.nanoTime());
                deliveryStamped.putIfAbsent(key, toNanos(record.timestamp()));
            }
        }));
    }

    private long toNanos(long wallMillis) {
        return TimeUnit.MILLISECONDS.toNanos(wallMillis) - wallToNanoOffset;
    }

    private Thread observe(String bootstrapServers, String topic, IsolationLevel isolation,
                           Consumer<ConsumerRecord<byte[], byte[]>> seen) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-path-" + UUID.randomUUID());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.toString());
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "500");
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(partition -> new TopicPartition(topic, partition.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        Thread observer = new Thread(() -> {
            try (consumer) {
                while (running.get()) {
                    consumer.poll(Duration.ofMillis(100)).forEach(seen);
                }
            }
        }, "bench-path-" + topic);
        observer.setDaemon(true);
        observer.start();
        return observer;
    }

    /**
     * Per hop, the percentiles (ms) over the deliveries of the edits given that arrived.
     *
     * @param edits    by {@code measure#version}
     * @param accepted when the editor read an edit's 200
     */
    Map<String, Object> hops(Collection<String> edits, ToLongFunction<String> accepted,
                             Collection<SignedWebhookReceiver> receivers) {
        List<List<Long>> hops = new ArrayList<>();
        HOPS.forEach(hop -> hops.add(new ArrayList<>()));
        for (String edit : edits) {
            Long plan = planSeen.get(edit);
            Long planStamp = planStamped.get(edit);
            for (SignedWebhookReceiver receiver : receivers) {
                Long arrival = receiver.arrivalNanosByKey(edit);
                Long delivery = deliverySeen.get(edit + "|" + receiver.partnerId());
                Long deliveryStamp = deliveryStamped.get(edit + "|" + receiver.partnerId());
                if (arrival == null || plan == null || delivery == null) {
                    continue;
                }
                long[] points = {accepted.applyAsLong(edit), planStamp, plan, deliveryStamp, delivery, arrival};
                for (int hop = 0; hop < HOPS.size(); hop++) {
                    hops.get(hop).add(points[hop + 1] - points[hop]);
                }
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("deliveriesSeenOnEveryHop", hops.get(0).size());
        for (int hop = 0; hop < HOPS.size(); hop++) {
            result.put(HOPS.get(hop), percentilesMillis(hops.get(hop)));
        }
        return result;
    }

    /** p50, p90 and p99 in ms (two decimals) of durations in nanoseconds; 0 for none. */
    static Map<String, Double> percentilesMillis(List<Long> nanos) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        Map<String, Double> percentiles = new LinkedHashMap<>();
        for (int percentile : new int[] {50, 90, 99}) {
            percentiles.put("p" + percentile, sorted.length == 0 ? 0
                    : Math.round(sorted[Math.min(sorted.length - 1, sorted.length * percentile / 100)] / 10_000.0)
                    / 100.0);
        }
        return percentiles;
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread observer : observers) {
            observer.join(TimeUnit.SECONDS.toMillis(5));
        }
    }
}
