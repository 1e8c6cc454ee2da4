package jp.renkei.localstack.mongo;

import java.util.List;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractSynchronizedMongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.oplog.Oplog;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A database in an H2 MVStore, laid out as mongo-java-server's own {@code H2Database} lays it out (so a store file
 * written by either opens in the other), except for two things: its collections are {@link SnapshotH2Collection}s,
 * and its index maps order their keys by value ({@link IndexKeyType}).
 *
 * <p>Index maps in the value order live under their own names ({@code <collection>._vindex_<index>}). A store written
 * before had its indexes under {@code ._index_} in the serialised-bytes order, which this key type cannot read back
 * in order; such a map is dropped when its index opens, and the index, opened empty, is rebuilt from the collection's
 * documents (mongo-java-server fills an empty index when it is added to a non-empty collection).
 */
final class ValueOrderedH2Database extends AbstractSynchronizedMongoDatabase<Object> {

    private static final Logger log = LoggerFactory.getLogger(ValueOrderedH2Database.class);

    /** mongo-java-server's own prefixes: its backend finds the databases of a store file by them. */
    static final String DATABASES_PREFIX = "databases.";
    private static final String META_PREFIX = "meta.";
    private static final String INDEX_INFIX = "._vindex_";
    private static final String BYTE_ORDERED_INDEX_INFIX = "._index_";

    private final MVStore store;

    ValueOrderedH2Database(String databaseName, MVStore store, CursorRegistry cursorRegistry) {
        super(databaseName, cursorRegistry);
        this.store = store;
        initializeNamespacesAndIndexes();
    }

    @Override
    protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                    boolean sparse) {
        String byteOrdered = getFullCollectionNamespace(collectionName) + BYTE_ORDERED_INDEX_INFIX + indexName;
        if (store.hasMap(byteOrdered)) {
            log.info("rebuilding index {} of {} in value order", indexName, getFullCollectionNamespace(collectionName));
            store.removeMap(byteOrdered);
        }
        MVMap<KeyValue, Object> positions = store.openMap(indexMapName(collectionName, indexName),
                new MVMap.Builder<KeyValue, Object>().keyType(IndexKeyType.INSTANCE));
        return new ValueOrderedUniqueIndex(positions, indexName, keys, sparse);
    }

    @Override
    protected void dropIndex(MongoCollection<Object> collection, String indexName) {
        super.dropIndex(collection, indexName);
        store.removeMap(indexMapName(collection.getCollectionName(), indexName));
    }

    private String indexMapName(String collectionName, String indexName) {
        return getFullCollectionNamespace(collectionName) + INDEX_INFIX + indexName;
    }

    @Override
    protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
        String namespace = getFullCollectionNamespace(collectionName);
        MVMap<Object, StoredDocument> documents = store.openMap(DATABASES_PREFIX + namespace,
                new MVMap.Builder<Object, StoredDocument>().valueType(StoredDocumentType.INSTANCE));
        MVMap<String, Object> meta = store.openMap(META_PREFIX + namespace);
        return new SnapshotH2Collection(this, collectionName, options, documents, meta, cursorRegistry);
    }

    @Override
    public void dropCollection(String collectionName, Oplog oplog) {
        super.dropCollection(collectionName, oplog);
        String namespace = getFullCollectionNamespace(collectionName);
        store.removeMap(DATABASES_PREFIX + namespace);
        store.removeMap(META_PREFIX + namespace);
    }

    @Override
    public void moveCollection(MongoDatabase oldDatabase, MongoCollection<?> collection, String newCollectionName) {
        super.moveCollection(oldDatabase, collection, newCollectionName);
        String namespace = collection.getFullName();
        String newNamespace = getFullCollectionNamespace(newCollectionName);
        store.renameMap(store.openMap(DATABASES_PREFIX + namespace), DATABASES_PREFIX + newNamespace);
        store.renameMap(store.openMap(META_PREFIX + namespace), META_PREFIX + newNamespace);
    }

    @Override
    public void drop(Oplog oplog) {
        super.drop(oplog);
        store.getMapNames().stream()
                .filter(name -> name.startsWith(databaseName + ".") || name.startsWith(DATABASES_PREFIX + databaseName + ".")
                        || name.startsWith(META_PREFIX + databaseName + "."))
                .toList()
                .forEach(store::removeMap);
    }

    @Override
    protected long getStorageSize() {
        FileStore<?> file = store.getFileStore();
        return file == null ? 0 : file.size();
    }

    @Override
    protected long getFileSize() {
        return getStorageSize();
    }
}
