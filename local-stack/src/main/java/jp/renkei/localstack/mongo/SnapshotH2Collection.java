package jp.renkei.localstack.mongo;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DocumentWithPosition;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.QueryResult;
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
 * {@code ConcurrentModificationException}. Here every query returns copies, so an update
 * changes a copy, and the copy then replaces the stored document in one map put: a stored document, once in the
 * map, is never written again, and whoever reads it sees one version whole.
 *
 * <p><b>Index use.</b> The library consults an index only when the filter names exactly the index's fields, so
 * {@code {_id: x, version: 3}} — the conditional write of an optimistic lock — read the whole collection. Here, a
 * filter that gives every field of a unique index (or {@code _id}) a value other than null, or an {@code $in} list,
 * at its top level or within a top-level {@code $and}, is first narrowed to the documents that index finds, then
 * matched in full.
 */
final class SnapshotH2Collection extends H2Collection {

    private final MVMap<Object, Document> documents;

    SnapshotH2Collection(MongoDatabase database, String name, CollectionOptions options,
                         MVMap<Object, Document> documents, MVMap<String, Object> meta, CursorRegistry cursors) {
        super(database, name, options, documents, meta, cursors);
        this.documents = documents;
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

    /**
     * Where every query's documents leave the collection's lock, after matching, sorting, skip, limit and projection:
     * copies, so that an update (which the library applies to what its query returned) never changes the object a
     * reply is encoding.
     */
    @Override
    protected QueryResult createQueryResult(List<Document> matchedDocuments, int batchSize) {
        return super.createQueryResult(matchedDocuments.stream().map(Document::cloneDeeply)
                .collect(Collectors.toCollection(ArrayList::new)), batchSize);
    }

    private Stream<Document> allDocuments(Document orderBy) {
        if (isNaturalDescending(orderBy)) {
            return streamAllDocumentsWithPosition()
                    .sorted((left, right) -> ValueComparator.desc().compare(left.getPosition(), right.getPosition()))
                    .map(DocumentWithPosition::getDocument);
        }
        return documents.values().stream();
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
