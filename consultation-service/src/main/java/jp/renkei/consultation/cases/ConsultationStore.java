package jp.renkei.consultation.cases;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import jp.renkei.messaging.outbox.MongoDocumentOutbox;
import jp.renkei.messaging.outbox.OutboxEvent;
import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Repository;

/** Consultations in MongoDB, one document each; every change is one conditional update on the version. */
@Repository
public class ConsultationStore {

    /** Consultations grow with history: the sweep reads the marks of those with pending events, never the collection. */
    private final MongoDocumentOutbox outbox;

    /** Where consultations are kept, each with its outbox (an {@code Outbox} over it is declared with the service). */
    public static final String COLLECTION = "consultations";
    private static final String CASE = "consultation.";

    private final MongoTemplate mongo;

    ConsultationStore(MongoTemplate mongo) {
        this.outbox = MongoDocumentOutbox.marked(mongo, COLLECTION);
        this.mongo = mongo;
    }

    void insert(Consultation consultation, AuditEntry created) {
        mongo.insert(new ConsultationDocument(consultation.id(), consultation, List.of(), null, List.of(created), null, 0),
                COLLECTION);
    }

    public Optional<Consultation> find(String id) {
        return document(id).map(ConsultationDocument::consultation);
    }

    public List<Consultation> list(ConsultationStatus status) {
        Query query = status == null ? new Query() : query(where(CASE + "status").is(status.name()));
        return mongo.find(query.with(Sort.by(Sort.Direction.DESC, CASE + "publicationDate")), ConsultationDocument.class,
                COLLECTION).stream().map(ConsultationDocument::consultation).toList();
    }

    /**
     * Stores the changed consultation if it is still at {@code expectedVersion}, with its event, its audit entry and
     * (when results are published) the frozen result, in one update.
     *
     * @return false when another change came first
     */
    boolean update(Consultation changed, long expectedVersion, OutboxEvent event, AuditEntry audit, String results) {
        Update update = new Update().set("consultation", changed);
        if (event != null) {
            outbox.expect(changed.id());
            MongoDocumentOutbox.push(update, List.of(event));
        }
        if (audit != null) {
            update.push("audit", audit);
        }
        if (results != null) {
            update.set("results", results);
        }
        Query stillAtVersion = query(where("_id").is(changed.id()).and(CASE + "version").is(expectedVersion));
        return mongo.updateFirst(stillAtVersion, update, COLLECTION).getModifiedCount() == 1;
    }

    /** The consultations' pending events, for the relay. */
    public MongoDocumentOutbox outbox() {
        return outbox;
    }

    List<Consultation> dueToOpen(Instant now) {
        return due(where(CASE + "status").is(ConsultationStatus.DRAFT.name()).and(CASE + "opensAt").lte(Date.from(now)));
    }

    List<Consultation> dueToClose(Instant now) {
        return due(where(CASE + "status").is(ConsultationStatus.OPEN.name()).and(CASE + "closesAt").lte(Date.from(now)));
    }

    List<Consultation> openTargeting(String planId, String measureId) {
        return due(where(CASE + "status").is(ConsultationStatus.OPEN.name()).and(CASE + "planId").is(planId)
                .and(CASE + "targets.measureId").is(measureId));
    }

    private List<Consultation> due(Criteria criteria) {
        return mongo.find(query(criteria), ConsultationDocument.class, COLLECTION).stream()
                .map(ConsultationDocument::consultation).toList();
    }

    /** The next receipt number of the consultation's opinions: 1, 2, 3… (a retried submission may leave a gap). */
    public long nextReceiptNumber(String id) {
        Document counted = mongo.findAndModify(query(where("_id").is(id)), new Update().inc("receiptCounter", 1),
                FindAndModifyOptions.options().returnNew(true), Document.class, COLLECTION);
        if (counted == null) {
            throw new IllegalStateException("consultation " + id + " vanished");
        }
        return ((Number) counted.get("receiptCounter")).longValue();
    }

    /** The next case number of a year: PC-2026-001, PC-2026-002… */
    String nextCaseNumber(int year) {
        Document counter = mongo.findAndModify(query(where("_id").is("case-number-" + year)), new Update().inc("value", 1),
                FindAndModifyOptions.options().returnNew(true).upsert(true), Document.class, "counters");
        return String.format("PC-%d-%03d", year, ((Number) counter.get("value")).longValue());
    }

    public List<AuditEntry> audit(String id) {
        return document(id).map(ConsultationDocument::audit).orElse(List.of());
    }

    public Optional<String> results(String id) {
        return document(id).map(ConsultationDocument::results);
    }

    private Optional<ConsultationDocument> document(String id) {
        return Optional.ofNullable(mongo.findById(id, ConsultationDocument.class, COLLECTION));
    }
}
