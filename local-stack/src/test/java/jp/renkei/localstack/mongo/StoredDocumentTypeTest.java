package jp.renkei.localstack.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Decimal128;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoredDocumentTypeTest {

    @TempDir
    Path directory;

    @Test
    void aDocumentOfEveryKindOfValueTheServiceStoreIsReadBackEqualAndWrittenAsBson() {
        Document document = everyKind();

        ByteBuffer written = write(document);

        assertThat(written.get(0)).isEqualTo(StoredDocumentType.BSON);
        Document read = StoredDocumentType.INSTANCE.read(written).document();
        assertThat(read).isEqualTo(document);
        assertThat(read.get("title")).isEqualTo("協働のまち：網走市と大空町の定住自立圏 🌊");
        assertThat(((String) read.get("title")).getBytes(StandardCharsets.UTF_8))
                .isEqualTo("協働のまち：網走市と大空町の定住自立圏 🌊".getBytes(StandardCharsets.UTF_8));
        assertThat(read.get("version")).isInstanceOf(Long.class);
        assertThat(read.get("goal")).isInstanceOf(Integer.class);
        assertThat(written.remaining()).as("the value is read to its end").isZero();
    }

    @Test
    void valuesFollowEachOtherInAPageAndEachIsReadToItsOwnEnd() {
        WriteBuffer page = new WriteBuffer();
        StoredDocumentType.INSTANCE.write(page, StoredDocument.of(new Document("_id", "a").append("n", 1)));
        StoredDocumentType.INSTANCE.write(page, StoredDocument.of(new Document("_id", "b").append("n", 2)));
        ByteBuffer read = page.getBuffer().flip();

        assertThat(StoredDocumentType.INSTANCE.read(read).document()).isEqualTo(new Document("_id", "a").append("n", 1));
        assertThat(StoredDocumentType.INSTANCE.read(read).document()).isEqualTo(new Document("_id", "b").append("n", 2));
        assertThat(read.remaining()).isZero();
    }

    @Test
    void aValueTheDefaultTypeWroteIsStillRead() {
        Document document = everyKind();
        WriteBuffer old = new WriteBuffer();
        new ObjectDataType().write(old, document);
        ByteBuffer read = old.getBuffer().flip();

        assertThat(read.get(0)).isNotEqualTo(StoredDocumentType.BSON);
        StoredDocument stored = StoredDocumentType.INSTANCE.read(read);
        assertThat(stored.document()).isEqualTo(document);
        assertThat(stored.bson()).as("held as BSON once read").isNotNull();
    }

    @Test
    void aStoreFileWrittenBeforeKeepsItsDocumentsAndTakesNewOnesAsBson() {
        String file = directory.resolve("old.mv").toString();
        MVStore before = MVStore.open(file);
        MVMap<Object, Document> oldMap = before.openMap("databases.plan.measures");
        oldMap.put(1L, everyKind());
        before.close();

        MVStore reopened = new MVStore.Builder().fileName(file).cacheSize(1).open();
        MVMap<Object, StoredDocument> documents = reopened.openMap("databases.plan.measures",
                new MVMap.Builder<Object, StoredDocument>().valueType(StoredDocumentType.INSTANCE));
        assertThat(documents.get(1L).document()).isEqualTo(everyKind());
        documents.put(2L, StoredDocument.of(new Document("_id", "new").append("text", "【例示】新しい文書")));
        reopened.close();

        MVStore again = MVStore.open(file);
        MVMap<Object, StoredDocument> read = again.openMap("databases.plan.measures",
                new MVMap.Builder<Object, StoredDocument>().valueType(StoredDocumentType.INSTANCE));
        assertThat(read.get(1L).document()).isEqualTo(everyKind());
        assertThat(read.get(2L).document()).isEqualTo(new Document("_id", "new").append("text", "【例示】新しい文書"));
        again.close();
    }

    @Test
    void aValueBsonCannotHoldIsWrittenAsTheDefaultTypeWritesIt() {
        Document notBson = new Document("_id", "x").append("raw", new StringBuilder("not a BSON value"));

        ByteBuffer written = write(notBson);

        assertThat(written.get(0)).isNotEqualTo(StoredDocumentType.BSON);
        assertThat(StoredDocumentType.INSTANCE.read(written).document().get("raw").toString())
                .isEqualTo("not a BSON value");
        assertThat(StoredDocumentType.INSTANCE.getMemory(StoredDocument.of(notBson))).isPositive();
    }

    @Test
    void bsonIsSmallerThanTheJavaSerialisationItReplaces() {
        Document document = everyKind();
        WriteBuffer old = new WriteBuffer();
        new ObjectDataType().write(old, document);

        assertThat(write(document).remaining()).isLessThan(old.position() / 2);
    }

    @Test
    void eachReaderGetsACopyOfItsOwnAndChangingItLeavesTheStoredValueAsItWas() {
        StoredDocument stored = StoredDocument.of(everyKind());

        Document first = stored.document();
        first.put("title", "書き換え");
        ((Document) ((List<?>) first.get("outbox")).get(0)).put("id", "changed");

        assertThat(stored.document()).isEqualTo(everyKind()).isNotSameAs(stored.document());
    }

    @Test
    void aDocumentIsHeldInMemoryAsOneArrayTheSizeOfItsBson() {
        StoredDocument stored = StoredDocument.of(everyKind());

        assertThat(stored.bson()).hasSize(write(everyKind()).remaining() - 1);
        assertThat(stored.notBson()).isNull();
        assertThat(StoredDocumentType.INSTANCE.getMemory(stored)).isLessThan(stored.bson().length + 64);
    }

    @Test
    void aDocumentBsonCannotHoldIsKeptAsACopyThatNoReaderChanges() {
        StringBuilder raw = new StringBuilder("not a BSON value");
        Document notBson = new Document("_id", "x").append("raw", raw);
        StoredDocument stored = StoredDocument.of(notBson);
        notBson.put("_id", "changed by its writer afterwards");

        stored.document().put("_id", "changed by a reader");

        assertThat(stored.bson()).isNull();
        assertThat(stored.document().get("_id")).isEqualTo("x");
    }

    private static ByteBuffer write(Document document) {
        WriteBuffer buffer = new WriteBuffer();
        StoredDocumentType.INSTANCE.write(buffer, StoredDocument.of(document));
        return buffer.getBuffer().flip();
    }

    private static Document everyKind() {
        return new Document("_id", "abashiri-comprehensive-plan/5-1-1")
                .append("title", "協働のまち：網走市と大空町の定住自立圏 🌊")
                .append("version", 42L)
                .append("goal", 5)
                .append("ratio", 0.25)
                .append("negativeZero", -0.0)
                .append("notANumber", Double.NaN)
                .append("adopted", true)
                .append("withdrawn", null)
                .append("updatedAt", Instant.parse("2026-12-06T07:30:00.123Z"))
                .append("objectId", new ObjectId("5f1e9b2c3d4e5f6a7b8c9d0e"))
                .append("uuid", UUID.fromString("7c9e6679-7425-40de-944b-e07fc1f90ae7"))
                .append("budget", new Decimal128(new BigDecimal("12345678901234567890.123")))
                .append("bytes", new BinData(new byte[] {0, 1, (byte) 0xFF}))
                .append("timestamp", new BsonTimestamp(1_765_000_000L << 32 | 7))
                .append("tags", List.of("広域連携", "公共交通", List.of(1, 2L)))
                .append("outbox", List.of(new Document("id", "e1").append("data", new Document("nested", "値"))))
                .append("empty", new Document());
    }
}
