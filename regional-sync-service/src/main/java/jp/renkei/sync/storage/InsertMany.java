package jp.renkei.sync.storage;

import com.mongodb.ErrorCategory;
import com.mongodb.bulk.BulkWriteError;
import java.util.ArrayList;
import java.util.List;
import org.springframework.data.mongodb.BulkOperationException;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * One unordered insert of many documents in which a duplicate key means "already there": the others are inserted
 * all the same. It costs an index look-up per document, however large the collection is, where asking first
 * ({@code exists}, {@code count}) reads the whole collection on the embedded store.
 */
public final class InsertMany {

    private InsertMany() {
    }

    /**
     * Inserts every document that is not there yet.
     *
     * @return the documents that were inserted, in the order given; the ones left out had a duplicate key
     * @throws BulkOperationException for any failure other than a duplicate key (nothing is known to be stored)
     */
    public static <T> List<T> ignoringDuplicates(MongoTemplate mongo, String collection, List<T> documents) {
        if (documents.isEmpty()) {
            return List.of();
        }
        try {
            mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, collection).insert(documents).execute();
            return documents;
        } catch (BulkOperationException someWereThere) {
            boolean[] duplicate = new boolean[documents.size()];
            for (BulkWriteError error : someWereThere.getErrors()) {
                if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                    throw someWereThere;
                }
                duplicate[error.getIndex()] = true;
            }
            List<T> inserted = new ArrayList<>(documents.size());
            for (int i = 0; i < documents.size(); i++) {
                if (!duplicate[i]) {
                    inserted.add(documents.get(i));
                }
            }
            return inserted;
        }
    }
}
