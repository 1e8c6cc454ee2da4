package jp.renkei.localstack.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The services use the MongoDB Java driver 5.6.5 (Spring Boot 4.0.7); these are the operations they rely on. */
class EmbeddedMongoServerTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"memory", "file"})
    void supportsWhatTheServicesDoWithDriver565(String store) {
        Function<Integer, EmbeddedMongoServer> factory = port -> store.equals("file")
                ? EmbeddedMongoServer.file(dir.resolve("mongo/renkei.mv"), port)
                : EmbeddedMongoServer.inMemory(port);
        try (EmbeddedMongoServer server = factory.apply(0).start();
             MongoClient client = MongoClients.create(server.uri("plan"))) {
            assertThat(server.uri("plan")).isEqualTo("mongodb://127.0.0.1:" + server.port() + "/plan");
            MongoDatabase db = client.getDatabase("plan");
            MongoCollection<Document> measures = db.getCollection("measures");

            // insert + find
            measures.insertOne(new Document("_id", "5-2-2").append("title", "広域連携").append("version", 1L)
                    .append("pendingEvents", List.of()));
            Document found = measures.find(Filters.eq("_id", "5-2-2")).first();
            assertThat(found).isNotNull();
            assertThat(found.getString("title")).isEqualTo("広域連携");

            // $push (an outbox entry appended to the aggregate's own document)
            measures.updateOne(Filters.eq("_id", "5-2-2"), Updates.push("pendingEvents", new Document("eventId", "e-1")));
            assertThat(measures.find(Filters.eq("_id", "5-2-2")).first().getList("pendingEvents", Document.class))
                    .extracting(d -> d.getString("eventId")).containsExactly("e-1");

            // unique index violation
            MongoCollection<Document> processed = db.getCollection("processedEvents");
            processed.createIndex(Indexes.ascending("eventId"), new IndexOptions().unique(true));
            processed.insertOne(new Document("eventId", "e-1"));
            assertThatThrownBy(() -> processed.insertOne(new Document("eventId", "e-1")))
                    .isInstanceOfSatisfying(MongoWriteException.class,
                            e -> assertThat(ErrorCategory.fromErrorCode(e.getCode())).isEqualTo(ErrorCategory.DUPLICATE_KEY));

            // conditional findOneAndUpdate: optimistic concurrency on the version
            Document revised = measures.findOneAndUpdate(
                    Filters.and(Filters.eq("_id", "5-2-2"), Filters.eq("version", 1L)),
                    Updates.combine(Updates.set("title", "広域連携（改定）"), Updates.inc("version", 1L),
                            Updates.push("pendingEvents", new Document("eventId", "e-2"))),
                    new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
            assertThat(revised).isNotNull();
            assertThat(revised.getLong("version")).isEqualTo(2L);
            assertThat(revised.getList("pendingEvents", Document.class)).hasSize(2);
            Document stale = measures.findOneAndUpdate(
                    Filters.and(Filters.eq("_id", "5-2-2"), Filters.eq("version", 1L)),
                    Updates.set("title", "lost update"));
            assertThat(stale).isNull();
            assertThat(measures.find(Filters.eq("_id", "5-2-2")).first().getString("title")).isEqualTo("広域連携（改定）");

            // $pull (relay drains the outbox) and a sorted, limited query
            measures.updateOne(Filters.eq("_id", "5-2-2"), Updates.pull("pendingEvents", new Document("eventId", "e-1")));
            assertThat(measures.find(Filters.eq("_id", "5-2-2")).first().getList("pendingEvents", Document.class)).hasSize(1);
            measures.insertOne(new Document("_id", "5-1-3").append("title", "情報").append("version", 1L));
            assertThat(measures.find().sort(new Document("_id", 1)).limit(1).first().getString("_id")).isEqualTo("5-1-3");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"memory", "file"})
    void answersHelloAsMongoDb50DoesForHealthChecks(String store) {
        EmbeddedMongoServer unstarted = store.equals("file")
                ? EmbeddedMongoServer.file(dir.resolve("hello/renkei.mv"), 0)
                : EmbeddedMongoServer.inMemory(0);
        try (EmbeddedMongoServer server = unstarted.start();
             MongoClient client = MongoClients.create(server.uri("plan"))) {
            Document hello = client.getDatabase("plan").runCommand(new Document("hello", 1));

            assertThat(hello.get("ok", Number.class).intValue()).isEqualTo(1);
            assertThat(hello.getBoolean("isWritablePrimary")).isTrue();
            assertThat(hello.get("maxWireVersion", Number.class).intValue()).isGreaterThanOrEqualTo(8);
        }
    }

    private static final Document EVERY_KIND = new Document("_id", "event-1")
            .append("type", "plan.measure.revised.v1").append("sequence", 42L).append("goal", 5).append("ratio", 0.25)
            .append("time", java.util.Date.from(java.time.Instant.parse("2026-12-06T07:30:00.123Z")))
            .append("data", new Document("title", "協働のまち 🌊").append("tags", java.util.List.of("広域連携", 1, 2L)))
            .append("budget", org.bson.types.Decimal128.parse("12345678901234567890.123"))
            .append("objectId", new org.bson.types.ObjectId("5f1e9b2c3d4e5f6a7b8c9d0e"))
            .append("bytes", new org.bson.types.Binary(new byte[] {0, 1, (byte) 0xFF}))
            .append("none", null).append("flag", true);

    @Test
    void theFileStoreKeepsDataAcrossARestart() {
        Path file = dir.resolve("data/mongo/renkei.mv");
        try (EmbeddedMongoServer server = EmbeddedMongoServer.file(file, 0).start();
             MongoClient client = MongoClients.create(server.uri("sync"))) {
            MongoCollection<Document> partners = client.getDatabase("sync").getCollection("partners");
            partners.createIndex(Indexes.ascending("name"), new IndexOptions().unique(true));
            partners.insertOne(new Document("_id", "ozora").append("name", "大空町"));
            client.getDatabase("sync").getCollection("events").insertOne(EVERY_KIND);
        }
        assertThat(Files.exists(file)).isTrue();

        try (EmbeddedMongoServer server = EmbeddedMongoServer.file(file, 0).start();
             MongoClient client = MongoClients.create(server.uri("sync"))) {
            MongoCollection<Document> partners = client.getDatabase("sync").getCollection("partners");
            Document ozora = partners.find(Filters.eq("_id", "ozora")).first();
            assertThat(ozora).isNotNull();
            assertThat(ozora.getString("name")).isEqualTo("大空町");
            // read back from the file (stored as BSON since 2026-12-06): every kind of value the services write
            assertThat(client.getDatabase("sync").getCollection("events").find().first()).isEqualTo(EVERY_KIND);
            // the unique index came back with the data
            assertThatThrownBy(() -> partners.insertOne(new Document("_id", "other").append("name", "大空町")))
                    .isInstanceOf(MongoWriteException.class);
        }
    }
}
