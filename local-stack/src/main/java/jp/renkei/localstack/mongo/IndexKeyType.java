package jp.renkei.localstack.mongo;

import java.nio.ByteBuffer;
import java.util.Comparator;
import java.util.Objects;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.ValueComparator;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

/**
 * The key type of the store's index maps ({@code _id} and unique indexes): keys are compared by value, field by field,
 * in MongoDB's order.
 *
 * <p>H2's default {@link ObjectDataType} compares a key that is not {@link Comparable} — mongo-java-server's
 * {@link KeyValue} is not — by Java-serialising both sides on every comparison, which made every index lookup and
 * insert cost tens of microseconds. Keys are still written to the file as the default type writes them, so only the
 * order of a map changes, and maps written in the old order are rebuilt when a store is opened (see
 * {@link ValueOrderedH2Database}).
 *
 * <p>Two keys compare as equal exactly when they are {@link KeyValue#equals equal}, as under the default type: where
 * MongoDB's order ties two values that are not equal (say an integer and a double of the same value, which the index
 * normally normalises away before it gets here), the default type's order decides, so no two distinct keys collide.
 */
final class IndexKeyType extends BasicDataType<KeyValue> {

    static final IndexKeyType INSTANCE = new IndexKeyType();

    private static final Comparator<Object> MONGO_ORDER = ValueComparator.ascWithoutListHandling();

    private final ObjectDataType storage = new ObjectDataType();

    private IndexKeyType() {
    }

    @Override
    public int compare(KeyValue left, KeyValue right) {
        if (left == right) {
            return 0;
        }
        int fields = Math.min(left.size(), right.size());
        for (int i = 0; i < fields; i++) {
            int byValue = MONGO_ORDER.compare(left.get(i), right.get(i));
            if (byValue != 0) {
                return byValue;
            }
        }
        if (left.size() != right.size()) {
            return Integer.compare(left.size(), right.size());
        }
        return Objects.equals(left, right) ? 0 : storage.compare(left, right);
    }

    @Override
    public int getMemory(KeyValue key) {
        return storage.getMemory(key);
    }

    @Override
    public void write(WriteBuffer buffer, KeyValue key) {
        storage.write(buffer, key);
    }

    @Override
    public KeyValue read(ByteBuffer buffer) {
        return (KeyValue) storage.read(buffer);
    }

    @Override
    public KeyValue[] createStorage(int size) {
        return new KeyValue[size];
    }
}
