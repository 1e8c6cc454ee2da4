package jp.renkei.system.bench;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.ServerVersion;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import jp.renkei.localstack.mongo.EmbeddedMongoServer;
import org.HdrHistogram.Histogram;
import org.bson.Document;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded store's cost per operation, with and without history: the four operations every hot path is built
 * from (insert into a collection with a unique index, find by {@code _id}, find by a unique field, and the conditional
 * write of an optimistic lock, {@code {_id, version}}), each on an empty collection and on one of
 * {@code bench.store.history} documents, on local-stack's store ({@code EmbeddedMongoServer}, in memory, as tests and
 * benchmarks run it) and on mongo-java-server's own H2 backend beside it. One client, one operation at a time, over
 * TCP through the MongoDB driver, as the services call it.
 */
final class StoreBenchmark {

    static final String NAME = "store";
    private static final Logger log = LoggerFactory.getLogger(StoreBenchmark.class);

    private final int history = Integer.getInteger("bench.store.history", 100_000);
    private final int operations = Integer.getInteger("bench.store.operations", 2_000);
    /** The library's backend scans its whole collection for a conditional write: fewer of those keep the run short. */
    private final int scanningOperations = Integer.getInteger("bench.store.scanning-operations", 100);

    static BenchmarkResult run() {
        return new StoreBenchmark().measure();
    }

    private BenchmarkResult measure() {
        Map<String, Object> figures = new LinkedHashMap<>();
        Map<String, Histogram> latencies = new LinkedHashMap<>();
        for (Store store : Store.values()) {
            measure(store, 0); // a round for the JIT, not counted: the first store measured would pay for it
        }
        for (Store store : Store.values()) {
            for (int documents : List.of(0, history)) {
                Map<String, Histogram> measured = measure(store, documents);
                measured.forEach((operation, latency) -> {
                    String key = store.label + ", " + operation + ", history " + documents;
                    latencies.put(key, latency);
                    figures.put(key + ": p50 / p99 µs", latency.getValueAtPercentile(50) + " / "
                            + latency.getValueAtPercentile(99));
                });
            }
        }
        for (String operation : List.of("insert", "find by _id", "find by unique field", "conditional update")) {
            Histogram empty = latencies.get(Store.EMBEDDED.label + ", " + operation + ", history 0");
            Histogram full = latencies.get(Store.EMBEDDED.label + ", " + operation + ", history " + history);
            figures.put(Store.EMBEDDED.label + ", " + operation + ": p50 at " + history + " / p50 at 0",
                    String.format("%.2f", (double) full.getValueAtPercentile(50) / Math.max(1, empty.getValueAtPercentile(50))));
        }
        return new BenchmarkResult(NAME, "Cost per store operation at 0 and " + history + " documents of history, "
                + "local-stack's store beside mongo-java-server's own H2 backend", figures, latencies);
    }

    private Map<String, Histogram> measure(Store store, int documents) {
        try (Running server = store.start(); MongoClient client = MongoClients.create(server.uri())) {
            MongoCollection<Document> deliveries = client.getDatabase("bench").getCollection("deliveries");
            deliveries.createIndex(Indexes.ascending("eventKey"), new IndexOptions().unique(true));
            preload(deliveries, documents);
            Map<String, Histogram> latencies = new LinkedHashMap<>();
            int count = store == Store.LIBRARY && documents > 0 ? scanningOperations : operations;
            latencies.put("insert", time(count, i -> deliveries.insertOne(delivery("new-" + i))));
            latencies.put("find by _id", time(count, i -> deliveries.find(Filters.eq("_id", "new-" + i)).first()));
            latencies.put("find by unique field",
                    time(count, i -> deliveries.find(Filters.eq("eventKey", "ozora:new-" + i)).first()));
            latencies.put("conditional update", time(count, i -> deliveries.updateOne(
                    Filters.and(Filters.eq("_id", "new-" + i), Filters.eq("version", 1L)),
                    Updates.combine(Updates.set("status", "DELIVERED"), Updates.inc("version", 1L)))));
            log.info("{} at {} documents: {}", store.label, documents, latencies.keySet());
            return latencies;
        }
    }

    private static void preload(MongoCollection<Document> deliveries, int documents) {
        List<Document> batch = new ArrayList<>();
        for (int i = 0; i < documents; i++) {
            batch.add(delivery("old-" + i));
            if (batch.size() == 1_000 || i == documents - 1) {
                deliveries.insertMany(batch);
                batch.clear();
            }
        }
    }

    private static Document delivery(String id) {
        return new Document("_id", id).append("eventKey", "ozora:" + id).append("partnerId", "ozora")
                .append("endpointId", "ozora-1").append("subject", "measures/5-2-2").append("status", "PENDING")
                .append("version", 1L).append("title", "広域連携の推進");
    }

    private static Histogram time(int count, IntConsumer operation) {
        for (int i = 0; i < Math.min(count, 200); i++) {
            operation.accept(-1 - i); // warm-up on ids of their own
        }
        Histogram latency = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
        for (int i = 0; i < count; i++) {
            long started = System.nanoTime();
            operation.accept(i);
            latency.recordValue(Math.max(1, TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - started)));
        }
        return latency;
    }

    private enum Store {
        EMBEDDED("local-stack store") {
            @Override
            Running start() {
                EmbeddedMongoServer server = EmbeddedMongoServer.inMemory(0).start();
                return new Running(server.connectionString(), server::close);
            }
        },
        LIBRARY("mongo-java-server H2") {
            @Override
            Running start() {
                MongoServer server = new MongoServer(new H2Backend(MVStore.open(null)).version(ServerVersion.MONGO_5_0));
                server.bind("127.0.0.1", 0);
                InetSocketAddress address = server.getLocalAddress();
                return new Running("mongodb://127.0.0.1:" + address.getPort(), server::shutdownNow);
            }
        };

        private final String label;

        Store(String label) {
            this.label = label;
        }

        abstract Running start();
    }

    private record Running(String uri, Runnable stop) implements AutoCloseable {
        @Override
        public void close() {
            stop.run();
        }
    }
}
