package jp.renkei.localstack.mongo;

import java.util.Collection;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.Assert;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DocumentWithPosition;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;

/**
 * An H2 collection whose stored documents are never changed in place, and whose queries use an index whenever the
 * filter pins the index's fields to values.
 *
 * <p><b>Snapshots.</b> mongo-java-server applies an update to the very document object its query returned, field by
 * field, and a query's reply holds the stored objects themselves; the reply is encoded after the collection's lock
 * is released. A reader encoding a document while a writer updated it saw a half-updated document, or failed with a
 * {@code ConcurrentModificationException}. Here the map holds each document as its BSON ({@link StoredDocument}) and
 * every read decodes a copy of its own, so an update changes a copy, and the copy then replaces the stored value in
 * one map put: a stored value, once in the map, is never written again, and whoever reads it sees one version whole.
 *
 * <p><b>Index use.</b> The library consults an index only when the filter names exactly the index's fields, so
 * {@code {_id: x, version: 3}} — the conditional write of an optimistic lock — read the whole collection. Here, a
 * filter that gives every field of a unique index (or {@code _id}) a value other than null, or an {@code $in} list,
 * at its top level or within a top-level {@code $and}, is first narrowed to the documents that index finds, then
 * matched in full.
 *
 * <p>The library's collection keeps its own reference to the map, typed for documents; every method of it that reads
 * or writes the map is overridden here ({@code SnapshotH2CollectionTest} fails when a new version adds one), so it
 * never sees a stored value.
 */
final class SnapshotH2Collection extends H2Collection {

    private final MVMap<Object, StoredDocument> documents;

    SnapshotH2Collection(MongoDatabase database, String name, CollectionOptions options,
                         MVMap<Object, StoredDocument> documents, MVMap<String, Object> meta, CursorRegistry cursors) {
        super(database, name, options, asTheLibraryTypesIt(documents), meta, cursors);
        this.documents = documents;
    }

    @SuppressWarnings("unchecked")
    private static MVMap<Object, Document> asTheLibraryTypesIt(MVMap<Object, StoredDocument> documents) {
        return (MVMap<Object, Document>) (MVMap<?, ?>) documents;
    }

    @Override
    protected Object addDocumentInternal(Document document) {
        Object key = getIdField() != null ? Utils.getSubdocumentValue(document, getIdField()) : UUID.randomUUID();
        StoredDocument previous = documents.put(Missing.ofNullable(key), StoredDocument.of(document));
        Assert.isNull(previous, () -> "Document with key '" + key + "' already existed in " + this + ": " + previous);
        return key;
    }

    @Override
    protected void handleUpdate(Object position, Document oldDocument, Document newDocument) {
        documents.put(Missing.ofNullable(position), StoredDocument.of(newDocument));
    }

    @Override
    protected Document getDocument(Object position) {
        StoredDocument stored = documents.get(position);
        return stored == null ? null : stored.document();
    }

    @Override
    protected void removeDocument(Object position) {
        if (documents.remove(position) == null) {
            throw new NoSuchElementException("No document with key " + position);
        }
    }

    @Override
    public int count() {
        return documents.size();
    }

    @Override
    public boolean isEmpty() {
        return documents.isEmpty();
    }

    @Override
    protected Stream<DocumentWithPosition<Object>> streamAllDocumentsWithPosition() {
        return documents.entrySet().stream()
                .map(entry -> new DocumentWithPosition<>(entry.getValue().document(), entry.getKey()));
    }

    @Override
    protected QueryResult matchDocuments(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
                                         Document fieldSelector) {
        return matchDocumentsFromStream(allDocuments(orderBy), query, orderBy, numberToSkip, limit, batchSize,
                fieldSelector);
    }

    /**
     * No running total of the documents' BSON size ({@code collStats}' {@code dataSize}, which nothing here reads): the
     * library keeps it by encoding the old and the new document on every update and each document inserted or
     * removed, 32 of the store's 226 samples in plan-write's profile. The total a store file already holds stays as
     * it was.
     */
    @Override
    protected boolean tracksDataSize() {
        return false;
    }

    @Override
    protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
                                         Document fieldSelector) {
        Stream<Document> candidates = indexedPositions(query)
                .map(positions -> StreamSupport.stream(positions.spliterator(), false)
                        .map(this::getDocument)
                        .filter(Objects::nonNull))
                .orElseGet(() -> allDocuments(orderBy));
        return matchDocumentsFromStream(candidates, query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
    }

    private Stream<Document> allDocuments(Document orderBy) {
        if (isNaturalDescending(orderBy)) {
            return streamAllDocumentsWithPosition()
                    .sorted((left, right) -> ValueComparator.desc().compare(left.getPosition(), right.getPosition()))
                    .map(DocumentWithPosition::getDocument);
        }
        return documents.values().stream().map(StoredDocument::document);
    }

    private Optional<Iterable<Object>> indexedPositions(Document query) {
        List<Index<Object>> indexes = getIndexes();
        for (Index<Object> index : indexes) {
            if (index.canHandle(query)) {
                return Optional.of(index.getPositions(query));
            }
        }
        for (Index<Object> index : indexes) {
            Document pinned = pinnedFields(index, query);
            if (pinned != null && index.canHandle(pinned)) {
                return Optional.of(index.getPositions(pinned));
            }
        }
        return Optional.empty();
    }

    /**
     * The part of the filter that gives each of the index's fields a value or an {@code $in} list, at its top level or
     * in a top-level {@code $and} (the MongoDB driver's {@code Filters.and} always writes one); null if any lacks one.
     */
    private static Document pinnedFields(Index<?> index, Document query) {
        Document pinned = new Document();
        for (IndexKey key : index.getKeys()) {
            Object value = pinnedValue(query, key.getKey());
            if (value == null) {
                return null;
            }
            pinned.put(key.getKey(), value);
        }
        return pinned;
    }

    private static Object pinnedValue(Document query, String field) {
        if (query.containsKey(field)) {
            Object value = query.get(field);
            return value != null && isValueOrInList(value) ? value : null;
        }
        if (query.get("$and") instanceof List<?> conjunction) {
            for (Object part : conjunction) {
                if (part instanceof Document condition) {
                    Object value = pinnedValue(condition, field);
                    if (value != null) {
                        return value;
                    }
                }
            }
        }
        return null;
    }

    private static boolean isValueOrInList(Object value) {
        if (value instanceof Document condition) {
            return condition.keySet().equals(Set.of("$in"));
        }
        return !(value instanceof Collection<?>) && !BsonRegularExpression.isRegularExpression(value);
    }
}
