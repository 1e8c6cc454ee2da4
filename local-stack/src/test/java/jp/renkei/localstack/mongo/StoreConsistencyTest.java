package jp.renkei.localstack.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.mongodb.MongoWriteException;
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
import org.bson.Document;
import org.bson.conversions.Bson;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the services may take for granted of the embedded store beyond single operations: consistency and indexes. */
class StoreConsistencyTest {

    private static final int FIELDS = 200;
    private static final int UPDATES = 300;

    @TempDir
    Path dir;

    /**
     * A measure is read by the public while an editor revises it. mongo-java-server applied an update to the very
     * object a concurrent reply was still encoding: readers saw half of a revision, or the reply failed with a
     * ConcurrentModificationException. Every field here carries the revision number, so a torn read shows two.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"memory", "file"})
    void aReaderSeesEachRevisionWholeWhileItIsBeingUpdated(String store) throws Exception {
        try (EmbeddedMongoServer server = open(store, "torn").start();
             MongoClient client = MongoClients.create(server.uri("plan"))) {
            ExecutorService readers = Executors.newFixedThreadPool(3);
            MongoCollection<Document> measures = client.getDatabase("plan").getCollection("measures");
            measures.insertOne(revision(0).append("_id", "5-2-2"));
            AtomicBoolean writing = new AtomicBoolean(true);
            ConcurrentLinkedQueue<String> torn = new ConcurrentLinkedQueue<>();
            AtomicInteger reads = new AtomicInteger();
            CountDownLatch readersStarted = new CountDownLatch(3);
            List<Future<?>> running = new ArrayList<>();
            for (int r = 0; r < 3; r++) {
                running.add(readers.submit(() -> {
                    readersStarted.countDown();
                    while (writing.get()) {
                        Document read = measures.find(Filters.eq("_id", "5-2-2")).first();
                        reads.incrementAndGet();
                        Set<Object> revisions = new HashSet<>();
                        for (int f = 0; f < FIELDS; f++) {
                            revisions.add(read.get("f" + f));
                        }
                        if (revisions.size() != 1) {
                            torn.add("revisions " + revisions + " in one read");
                        }
                    }
                    return null;
                }));
            }
            assertThat(readersStarted.await(30, TimeUnit.SECONDS)).isTrue();
            try {
                for (int n = 1; n <= UPDATES; n++) {
                    measures.updateOne(Filters.eq("_id", "5-2-2"), Updates.combine(setAll(n)));
                }
            } finally {
                writing.set(false);
            }
            try {
                for (Future<?> reader : running) {
                    reader.get(60, TimeUnit.SECONDS); // a reply that failed to encode fails its reader here
                }
            } finally {
                readers.shutdownNow();
            }
            assertThat(reads.get()).isPositive();
            assertThat(torn).isEmpty();
        }
    }

    @Test
    void aFilterThatPinsTheIdOrAUniqueFieldFindsWhatTheWholeFilterSelects() {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.inMemory(0).start();
             MongoClient client = MongoClients.create(server.uri("sync"))) {
            MongoCollection<Document> deliveries = client.getDatabase("sync").getCollection("deliveries");
            deliveries.createIndex(Indexes.ascending("endpointId", "eventId"), new IndexOptions().unique(true));
            deliveries.insertMany(List.of(
                    new Document("_id", "d1").append("endpointId", "ozora-1").append("eventId", "e1")
                            .append("status", "PENDING").append("version", 3L).append("tags", List.of("医療", "福祉")),
                    new Document("_id", "d2").append("endpointId", "ozora-1").append("eventId", "e2")
                            .append("status", "DELIVERED").append("version", 1L).append("tags", List.of("教育")),
                    new Document("_id", "d3").append("endpointId", "fire-1").append("eventId", "e1")
                            .append("status", "PENDING").append("version", 1L).append("note", null)));

            assertThat(ids(deliveries, Filters.and(Filters.eq("_id", "d1"), Filters.eq("version", 3L)))).containsExactly("d1");
            assertThat(ids(deliveries, Filters.and(Filters.eq("_id", "d1"), Filters.eq("version", 2L)))).isEmpty();
            assertThat(ids(deliveries, Filters.and(Filters.eq("_id", "d1"), Filters.eq("tags", "福祉")))).containsExactly("d1");
            assertThat(ids(deliveries, Filters.and(Filters.eq("_id", "d3"), Filters.eq("note", null)))).containsExactly("d3");
            assertThat(ids(deliveries, Filters.and(Filters.eq("_id", "nope"), Filters.eq("status", "PENDING")))).isEmpty();
            assertThat(ids(deliveries, Filters.and(Filters.in("_id", "d1", "d2", "d3"), Filters.eq("status", "PENDING"))))
                    .containsExactlyInAnyOrder("d1", "d3");
            assertThat(ids(deliveries, Filters.and(Filters.eq("endpointId", "ozora-1"), Filters.eq("eventId", "e1"),
                    Filters.eq("status", "PENDING")))).containsExactly("d1");
            assertThat(ids(deliveries, Filters.and(Filters.eq("endpointId", "ozora-1"), Filters.eq("eventId", "e2"),
                    Filters.eq("status", "PENDING")))).isEmpty();
            // one pinned field of a compound index narrows nothing, and the filter still selects correctly
            assertThat(ids(deliveries, Filters.and(Filters.eq("endpointId", "ozora-1"), Filters.eq("status", "PENDING"))))
                    .containsExactly("d1");

            // the optimistic-lock write: matched once at the current version, not at a stale one
            assertThat(deliveries.updateOne(Filters.and(Filters.eq("_id", "d1"), Filters.eq("version", 3L)),
                    Updates.combine(Updates.set("status", "DELIVERED"), Updates.inc("version", 1L))).getMatchedCount())
                    .isEqualTo(1);
            assertThat(deliveries.updateOne(Filters.and(Filters.eq("_id", "d1"), Filters.eq("version", 3L)),
                    Updates.set("status", "LOST")).getMatchedCount()).isZero();
            assertThat(deliveries.find(Filters.eq("_id", "d1")).first().getString("status")).isEqualTo("DELIVERED");
            assertThat(deliveries.countDocuments(Filters.and(Filters.eq("_id", "d2"), Filters.eq("status", "DELIVERED"))))
                    .isEqualTo(1);
            assertThat(deliveries.deleteOne(Filters.and(Filters.eq("_id", "d3"), Filters.eq("status", "DELIVERED")))
                    .getDeletedCount()).isZero();
            assertThat(deliveries.deleteOne(Filters.and(Filters.eq("_id", "d3"), Filters.eq("status", "PENDING")))
                    .getDeletedCount()).isEqualTo(1);
        }
    }

    @Test
    void indexesKeepTheirEntriesInValueOrderAndRefuseDuplicates() {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.inMemory(0).start();
             MongoClient client = MongoClients.create(server.uri("sync"))) {
            MongoCollection<Document> feed = client.getDatabase("sync").getCollection("feed_entries");
            feed.createIndex(Indexes.ascending("partnerId", "position"), new IndexOptions().unique(true));
            for (long position = 1; position <= 2_000; position++) {
                feed.insertOne(new Document("_id", "ozora:" + position).append("partnerId", "ozora").append("position", position));
            }
            for (long position = 1; position <= 2_000; position += 97) {
                assertThat(ids(feed, Filters.eq("_id", "ozora:" + position))).containsExactly("ozora:" + position);
                assertThat(ids(feed, Filters.and(Filters.eq("partnerId", "ozora"), Filters.eq("position", position))))
                        .containsExactly("ozora:" + position);
            }
            // 7 and 7.0 are one key to MongoDB
            assertThatThrownBy(() -> feed.insertOne(new Document("partnerId", "ozora").append("position", 7.0)))
                    .isInstanceOf(MongoWriteException.class);
            assertThatThrownBy(() -> feed.insertOne(new Document("_id", "ozora:9").append("partnerId", "x")))
                    .isInstanceOf(MongoWriteException.class);
        }
    }

    /** Stores written before the value order kept their index maps in serialised-bytes order; they open rebuilt. */
    @Test
    void aStoreWrittenWithByteOrderedIndexesOpensWithItsIndexesRebuilt() {
        Path file = dir.resolve("legacy/renkei.mv");
        file.getParent().toFile().mkdirs();
        MongoServer legacy = new MongoServer(new H2Backend(file.toString()).version(ServerVersion.MONGO_5_0));
        try {
            var address = legacy.bind();
            try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort())) {
                MongoCollection<Document> partners = client.getDatabase("sync").getCollection("partners");
                partners.createIndex(Indexes.ascending("name"), new IndexOptions().unique(true));
                for (int i = 0; i < 300; i++) {
                    partners.insertOne(new Document("_id", "partner-" + i).append("name", "町" + i));
                }
            }
        } finally {
            legacy.shutdownNow();
        }

        try (EmbeddedMongoServer server = EmbeddedMongoServer.file(file, 0).start();
             MongoClient client = MongoClients.create(server.uri("sync"))) {
            MongoCollection<Document> partners = client.getDatabase("sync").getCollection("partners");
            for (int i = 0; i < 300; i += 13) {
                assertThat(ids(partners, Filters.eq("_id", "partner-" + i))).containsExactly("partner-" + i);
                assertThat(ids(partners, Filters.eq("name", "町" + i))).containsExactly("partner-" + i);
            }
            assertThatThrownBy(() -> partners.insertOne(new Document("_id", "partner-5")))
                    .isInstanceOf(MongoWriteException.class);
            assertThatThrownBy(() -> partners.insertOne(new Document("_id", "new").append("name", "町5")))
                    .isInstanceOf(MongoWriteException.class);
            partners.insertOne(new Document("_id", "new").append("name", "新しい町"));
        }

        MVStore reopened = MVStore.open(file.toString());
        try {
            assertThat(reopened.getMapNames()).noneMatch(name -> name.contains("._index_"))
                    .anyMatch(name -> name.equals("sync.partners._vindex_name_1"));
        } finally {
            reopened.close();
        }
    }

    private EmbeddedMongoServer open(String store, String name) {
        return store.equals("file") ? EmbeddedMongoServer.file(dir.resolve(name + "/renkei.mv"), 0)
                : EmbeddedMongoServer.inMemory(0);
    }

    private static Document revision(int n) {
        Document document = new Document();
        for (int f = 0; f < FIELDS; f++) {
            document.append("f" + f, n);
        }
        return document;
    }

    private static List<Bson> setAll(int n) {
        List<Bson> updates = new ArrayList<>();
        for (int f = 0; f < FIELDS; f++) {
            updates.add(Updates.set("f" + f, n));
        }
        return updates;
    }

    private static List<String> ids(MongoCollection<Document> collection, Bson filter) {
        List<String> ids = new ArrayList<>();
        collection.find(filter).forEach(document -> ids.add(document.getString("_id")));
        return ids;
    }
}
