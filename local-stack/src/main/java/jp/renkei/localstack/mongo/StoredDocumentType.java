package jp.renkei.localstack.mongo;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

/**
 * The value type of the store's document maps: a {@link StoredDocument}, written to the file as its BSON behind a
 * marker byte, and read back as that BSON, undecoded until a reader asks for the document.
 *
 * <p>H2's default {@link ObjectDataType} Java-serialises a document (class descriptors, a {@code HashMap} per nested
 * document): in the soak of 2026-12-06 that was 2.4 KB per stored entry and most of the store's CPU, reading pages back
 * from the file. BSON is MongoDB's own encoding of exactly the values a document holds, read and written by
 * mongo-java-server's wire codec, so whatever the server accepted it can store.
 *
 * <p>Files written before keep working: the default type starts every value with a tag below 120, never with
 * {@link #BSON}, so a value without the marker is read as the default type wrote it, and written as BSON the next time
 * its page is written. A document BSON cannot hold (none the wire can carry) is written as before.
 */
final class StoredDocumentType extends BasicDataType<StoredDocument> {

    static final StoredDocumentType INSTANCE = new StoredDocumentType();

    /** Marks a BSON value; {@link ObjectDataType}'s tags are 0–119. */
    static final byte BSON = (byte) 0xB5;

    /** What an array costs beside its bytes, and the value's own object: headers, length, reference. */
    private static final int OBJECTS_OVERHEAD = 48;

    private final ObjectDataType javaSerialised = new ObjectDataType();

    private StoredDocumentType() {
    }

    @Override
    public int getMemory(StoredDocument document) {
        byte[] bson = document.bson();
        return bson != null ? OBJECTS_OVERHEAD + bson.length : javaSerialised.getMemory(document.notBson());
    }

    @Override
    public void write(WriteBuffer buffer, StoredDocument document) {
        byte[] bson = document.bson();
        if (bson == null) {
            javaSerialised.write(buffer, document.notBson());
            return;
        }
        buffer.put(BSON);
        buffer.put(bson);
    }

    @Override
    public StoredDocument read(ByteBuffer buffer) {
        if (buffer.get(buffer.position()) != BSON) {
            return StoredDocument.of((Document) javaSerialised.read(buffer));
        }
        buffer.get();
        // a BSON document begins with its own length, little-endian, the length included
        byte[] bson = new byte[buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt()];
        buffer.get(bson);
        return StoredDocument.ofBson(bson);
    }

    @Override
    public int compare(StoredDocument left, StoredDocument right) {
        // values are compared only to tell whether a conditional replace still holds: equal or not
        return left.equals(right) ? 0 : Integer.compare(left.hashCode(), right.hashCode()) | 1;
    }

    @Override
    public StoredDocument[] createStorage(int size) {
        return new StoredDocument[size];
    }
}
