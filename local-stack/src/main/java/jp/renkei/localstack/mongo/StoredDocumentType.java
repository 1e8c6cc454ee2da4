package jp.renkei.localstack.mongo;

import java.nio.ByteBuffer;
import java.util.Objects;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

/**
 * The value type of the store's document maps: a document is written to the file as BSON, as it came over the wire,
 * behind a marker byte.
 *
 * <p>H2's default {@link ObjectDataType} Java-serialises a document (class descriptors, a {@code HashMap} per nested
 * document): in the soak of 2026-12-06 that was 2.4 KB per stored entry and most of the store's CPU, reading pages back
 * from the file. BSON is MongoDB's own encoding of exactly the values a document holds, read and written by
 * mongo-java-server's wire codec, so whatever the server accepted it can store.
 *
 * <p>Files written before keep working: the default type starts every value with a tag below 120, never with
 * {@link #BSON}, so a value without the marker is read as the default type wrote it, and written as BSON the next time
 * its document changes. A value BSON cannot hold (none the wire can carry) is written as before.
 */
final class StoredDocumentType extends BasicDataType<Document> {

    static final StoredDocumentType INSTANCE = new StoredDocumentType();

    /** Marks a BSON value; {@link ObjectDataType}'s tags are 0–119. */
    static final byte BSON = (byte) 0xB5;

    /** A document held in memory takes about this many times its BSON size (maps, boxed values, strings). */
    private static final int HEAP_PER_BSON_BYTE = 4;

    private final ObjectDataType javaSerialised = new ObjectDataType();

    private StoredDocumentType() {
    }

    @Override
    public int getMemory(Document document) {
        try {
            return HEAP_PER_BSON_BYTE * encode(document).readableBytes();
        } catch (RuntimeException notBson) {
            return javaSerialised.getMemory(document);
        }
    }

    @Override
    public boolean isMemoryEstimationAllowed() {
        // H2 then asks for every n-th value only and averages, instead of encoding each document once more
        return true;
    }

    @Override
    public void write(WriteBuffer buffer, Document document) {
        ByteBuf bson;
        try {
            bson = encode(document);
        } catch (RuntimeException notBson) {
            javaSerialised.write(buffer, document);
            return;
        }
        buffer.put(BSON);
        buffer.put(bson.array(), bson.arrayOffset() + bson.readerIndex(), bson.readableBytes());
    }

    @Override
    public Document read(ByteBuffer buffer) {
        if (buffer.get(buffer.position()) != BSON) {
            return (Document) javaSerialised.read(buffer);
        }
        buffer.get();
        ByteBuf bson = Unpooled.wrappedBuffer(buffer.slice());
        Document document = BsonDecoder.decodeBson(bson);
        buffer.position(buffer.position() + bson.readerIndex());
        return document;
    }

    @Override
    public int compare(Document left, Document right) {
        // values are compared only to tell whether a conditional replace still holds: equal or not
        return Objects.equals(left, right) ? 0 : javaSerialised.compare(left, right);
    }

    @Override
    public Document[] createStorage(int size) {
        return new Document[size];
    }

    private static ByteBuf encode(Document document) {
        ByteBuf bson = Unpooled.buffer(256);
        BsonEncoder.encodeDocument(document, bson);
        return bson;
    }
}
