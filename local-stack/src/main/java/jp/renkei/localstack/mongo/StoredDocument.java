package jp.renkei.localstack.mongo;

import java.util.Arrays;
import java.util.Objects;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * A document as a collection's map holds it, in memory as in the file: its BSON, one array, decoded afresh for each
 * reader.
 *
 * <p>Why not the document itself, as mongo-java-server holds it: a {@link Document} is a map of boxed values and
 * strings, about four times its BSON size and dozens of objects, all of them alive as long as the document is stored.
 * Every young collection of the store's JVM copies what was stored since the one before, object by object: in
 * webhook-delivery's drain (the whole system in one JVM, 2026-12-06) the stored documents were most of the 40–90 MB
 * each young collection copied, and those 45–300 ms pauses were the healthy partner's tail. An array is copied in one
 * move, and a page cache of the same size holds four times the documents.
 *
 * <p>Each reader gets its own decoded copy, so an update, which the library applies to the document its query
 * returned, never changes what another reader is encoding, and a stored value, once in the map, never changes.
 *
 * <p>A document BSON cannot hold (none the wire can carry; a value the server made up itself could be one) is kept as
 * a deep copy and copied again for each reader.
 */
final class StoredDocument {

    private final byte[] bson;
    private final Document notBson;

    private StoredDocument(byte[] bson, Document notBson) {
        this.bson = bson;
        this.notBson = notBson;
    }

    static StoredDocument of(Document document) {
        byte[] encoded;
        try {
            encoded = encode(document);
        } catch (RuntimeException notBson) {
            return new StoredDocument(null, document.cloneDeeply());
        }
        return new StoredDocument(encoded, null);
    }

    /** The document whose BSON {@code bson} is: the array becomes this value's own. */
    static StoredDocument ofBson(byte[] bson) {
        return new StoredDocument(Objects.requireNonNull(bson, "bson"), null);
    }

    /** A copy of the document for one reader to keep or change. */
    Document document() {
        return bson != null ? BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bson)) : notBson.cloneDeeply();
    }

    /** The document's BSON, or null for one BSON cannot hold. Not to be changed. */
    byte[] bson() {
        return bson;
    }

    /** The document as it is stored, for one BSON cannot hold only; null otherwise. Not to be changed. */
    Document notBson() {
        return notBson;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StoredDocument stored && Arrays.equals(bson, stored.bson)
                && Objects.equals(notBson, stored.notBson);
    }

    @Override
    public int hashCode() {
        return bson != null ? Arrays.hashCode(bson) : Objects.hashCode(notBson);
    }

    @Override
    public String toString() {
        return document().toString();
    }

    private static byte[] encode(Document document) {
        ByteBuf buffer = Unpooled.buffer(256);
        BsonEncoder.encodeDocument(document, buffer);
        byte[] bson = new byte[buffer.readableBytes()];
        buffer.readBytes(bson);
        return bson;
    }
}
