package jp.renkei.sync.collaboration;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import jp.renkei.messaging.outbox.MongoDocumentOutbox;
import jp.renkei.messaging.outbox.OutboxEvent;
import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Repository;

/**
 * Responses, requests for views, and per measure the responses it received. Every read is by {@code _id} (or by ids
 * in one read) and every conditional write by the unique {@code versionKey}, so nothing here costs more as history
 * grows: {@code measure_responses} holds one small document per measure (the ids of its responses and the version
 * each concerned), bounded by that measure's own history.
 */
@Repository
public class CollaborationStore {

    static final String RESPONSES = "responses";
    static final String VIEW_REQUESTS = "view_requests";
    static final String MEASURE_RESPONSES = "measure_responses";

    private final MongoTemplate mongo;

    CollaborationStore(MongoTemplate mongo) {
        this.mongo = mongo;
        mongo.indexOps(RESPONSES).createIndex(new Index().on("versionKey", Sort.Direction.ASC).unique());
    }

    public Optional<PartnerResponse> response(String id) {
        return Optional.ofNullable(mongo.findById(id, PartnerResponse.class, RESPONSES));
    }

    /** The responses of those ids that exist, in one read. */
    public List<PartnerResponse> responses(Collection<String> ids) {
        return ids.isEmpty() ? List.of()
                : mongo.find(query(where("_id").in(ids)), PartnerResponse.class, RESPONSES);
    }

    /** True when stored; false when the partner has responded to that event already. */
    boolean insert(PartnerResponse response) {
        try {
            mongo.insert(response, RESPONSES);
            return true;
        } catch (DuplicateKeyException alreadyThere) {
            return false;
        }
    }

    /**
     * Changes the response if it is still as read ({@code expected}), moves its version key on and puts the event in
     * its outbox, in one update.
     *
     * @return false when another write came first
     */
    boolean change(PartnerResponse expected, Update update, OutboxEvent event) {
        long changes = expected.changes() + 1;
        update.set("changes", changes).set("versionKey", PartnerResponse.versionKey(expected.id(), changes));
        return mongo.updateFirst(query(where("versionKey").is(expected.versionKey())),
                MongoDocumentOutbox.push(update, List.of(event)), RESPONSES).getModifiedCount() == 1;
    }

    /**
     * Lists a response under its measure, before the response is written: a response is never stored without being
     * listed, and an id listed whose response was never written is passed over when read.
     */
    void listUnderMeasure(String planId, String measureId, String responseId, Long version) {
        Document entry = new Document("responseId", responseId).append("version", version);
        mongo.upsert(query(where("_id").is(measureKey(planId, measureId))), new Update().addToSet("responses", entry),
                MEASURE_RESPONSES);
    }

    /** The ids of the responses to events about the measure, each with the measure version it concerned. */
    List<MeasureEntry> underMeasure(String planId, String measureId) {
        MeasureResponses listed = mongo.findById(measureKey(planId, measureId), MeasureResponses.class,
                MEASURE_RESPONSES);
        return listed == null || listed.responses() == null ? List.of() : listed.responses();
    }

    void insert(ViewRequest request) {
        mongo.insert(request, VIEW_REQUESTS);
    }

    public Optional<ViewRequest> viewRequest(String id) {
        return Optional.ofNullable(mongo.findById(id, ViewRequest.class, VIEW_REQUESTS));
    }

    private static String measureKey(String planId, String measureId) {
        return planId + "/" + measureId;
    }

    record MeasureResponses(String id, List<MeasureEntry> responses) {
    }

    record MeasureEntry(String responseId, Long version) {
    }
}
