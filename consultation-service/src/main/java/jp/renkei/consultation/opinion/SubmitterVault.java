package jp.renkei.consultation.opinion;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.Instant;
import java.util.Optional;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * Submitters' personal data, in a collection of its own ({@code submitters}) keyed by the opinion id and encrypted
 * as a whole: the opinion documents, the events and the results hold none of it.
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
        org.bson.Document stored = mongo.findById(opinionId, org.bson.Document.class, COLLECTION);
        if (stored == null) {
            return Optional.empty();
        }
        return Optional.of(json.readValue(cipher.open(stored.getString("sealed"), opinionId), Submitter.class));
    }
}
