package jp.renkei.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import jp.renkei.localstack.mongo.EmbeddedMongoServer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/operations.md's backup and restore of the embedded stack, run as written on a data directory laid out as
 * {@code ./renkei up} lays it out, with the embedded store's real H2 file: the data archive holds the store but no
 * key, the keys' archive holds the keys, and after {@code rm -rf data} the two bring back a store that reads the same
 * (Japanese included) and the same keys. The guide's {@code ./renkei down} and {@code up} are played by stopping and
 * starting the store.
 */
class EmbeddedBackupTest {

    private static final String MEASURE = "男女共同参画・人権";

    @Test
    void theGuidesBackupAndRestoreBringBackTheStoreAndTheKeys(@TempDir Path root) throws Exception {
        Path store = root.resolve("data/mongo/renkei.mv");
        try (EmbeddedMongoServer server = EmbeddedMongoServer.file(store, 0).start();
             MongoClient client = MongoClients.create(server.connectionString())) {
            measures(client).insertOne(new Document("_id", "5-1-1").append("title", MEASURE));
        }
        Path key = Files.createDirectories(root.resolve("data/secrets")).resolve("consultation-personal-data.key");
        Files.writeString(key, "a9f4...key\n");
        Files.writeString(root.resolve("data/local-credentials"), "export RENKEI_OPERATOR_KEY=rk_x\n");
        Files.createDirectories(root.resolve("data/logs")).resolve("gateway.log").toFile().createNewFile();
        String today = LocalDate.now().toString();

        Guide.run(block("## Backing up", "tar -czf"), root);
        assertThat(archived(root.resolve("renkei-data-" + today + ".tgz"))).contains("data/mongo/renkei.mv")
                .noneMatch(entry -> entry.startsWith("data/secrets") || entry.startsWith("data/local-credentials")
                        || entry.startsWith("data/logs/"));
        assertThat(archived(root.resolve("renkei-keys-" + today + ".tgz")))
                .contains("data/secrets/consultation-personal-data.key", "data/local-credentials");
        Guide.run(block("## Restoring", "tar -xzf").replace("2026-12-01", today), root);

        assertThat(key).hasContent("a9f4...key");
        assertThat(root.resolve("data/local-credentials")).exists();
        try (EmbeddedMongoServer server = EmbeddedMongoServer.file(store, 0).start();
             MongoClient client = MongoClients.create(server.connectionString())) {
            Document restored = measures(client).find(new Document("_id", "5-1-1")).first();
            assertThat(restored).isNotNull();
            assertThat(restored.getString("title")).isEqualTo(MEASURE);
        }
    }

    private static MongoCollection<Document> measures(MongoClient client) {
        return client.getDatabase("plan").getCollection("measures");
    }

    /** The guide's sh block below {@code heading} that contains {@code marker}, without its ./renkei lines. */
    private static String block(String heading, String marker) {
        String section = Guide.section(Repository.read("docs/operations.md"), heading);
        String found = Guide.shBlocks(section).stream()
                .filter(text -> text.contains(marker) && text.contains("./renkei down")).findFirst().orElseThrow();
        return found.lines().filter(line -> !line.startsWith("./renkei ")).reduce("", (all, line) -> all + line + "\n");
    }

    private static List<String> archived(Path archive) throws IOException, InterruptedException {
        return List.of(Guide.run("tar -tzf " + archive.getFileName(), archive.getParent()).split("\n"));
    }
}
