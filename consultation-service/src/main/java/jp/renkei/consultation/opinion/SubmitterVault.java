package jp.renkei.consultation.opinion;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.Instant;
import java.util.Optional;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * Submitters' personal data, in a collection of its own ({@code submitters}) keyed by the opinion id and encrypted
 * as a whole: the opinion documents, the events and the results hold none of it. Erasing a submitter removes the
 * record; the opinion stays, without the link to a person.
 */
@Repository
public class SubmitterVault {

    private static final String COLLECTION = "submitters";

    private final MongoTemplate mongo;
    private final PersonalDataCipher cipher;
    private final JsonMapper json;

    SubmitterVault(MongoTemplate mongo, PersonalDataCipher cipher, JsonMapper json) {
        this.mongo = mongo;
        this.cipher = cipher;
        this.json = json;
    }

    /**
     * Stores the sealed submitter of an opinion. A retry of the same submission (same fingerprint) replaces what an
     * interrupted attempt left; a different submission under the same opinion id (an Idempotency-Key reused) fails
     * with {@link org.springframework.dao.DuplicateKeyException} and leaves the stored one as it was.
     */
    void store(String opinionId, String consultationId, String requestHash, Submitter submitter, Instant at) {
        String sealed = cipher.seal(json.writeValueAsString(submitter), opinionId);
        mongo.upsert(query(where("_id").is(opinionId).and("requestHash").is(requestHash)),
                new Update().set("consultationId", consultationId).set("keyId", cipher.keyId()).set("sealed", sealed)
                        .set("storedAt", at), COLLECTION);
    }

    public Optional<Submitter> find(String opinionId) {
        Document stored = mongo.findById(opinionId, Document.class, COLLECTION);
        if (stored == null) {
            return Optional.empty();
        }
        return Optional.of(json.readValue(cipher.open(stored.getString("keyId"), stored.getString("sealed"), opinionId),
                Submitter.class));
    }

    public boolean holds(String opinionId) {
        return mongo.findById(opinionId, Document.class, COLLECTION) != null;
    }

    /** Removes one submitter's data; true when there was any. */
    public boolean erase(String opinionId) {
        return mongo.remove(query(where("_id").is(opinionId)), COLLECTION).getDeletedCount() > 0;
    }

    /** Removes the data of every submitter to a consultation (its retention ended); how many. */
    public long eraseConsultation(String consultationId) {
        return mongo.remove(query(where("consultationId").is(consultationId)), COLLECTION).getDeletedCount();
    }

    /**
     * Seals up to {@code limit} records that a previous key of the ring sealed again with the current one; how many.
     * Each is replaced only if no one changed it meanwhile, so a concurrent erasure or retry wins.
     */
    public int resealWithCurrentKey(int limit) {
        if (cipher.previousKeyIds().isEmpty()) {
            return 0;
        }
        int resealed = 0;
        // only records a previous key of the ring opens: one of a key nobody configured is left for an operator
        for (Document stored : mongo.find(query(where("keyId").in(cipher.previousKeyIds())).limit(limit),
                Document.class, COLLECTION)) {
            String opinionId = stored.getString("_id");
            String plaintext = cipher.open(stored.getString("keyId"), stored.getString("sealed"), opinionId);
            if (mongo.updateFirst(query(where("_id").is(opinionId).and("keyId").is(stored.getString("keyId"))
                            .and("sealed").is(stored.getString("sealed"))),
                    new Update().set("keyId", cipher.keyId()).set("sealed", cipher.seal(plaintext, opinionId)),
                    COLLECTION).getModifiedCount() == 1) {
                resealed++;
            }
        }
        return resealed;
    }
}
