package jp.renkei.plan.measure;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.Function;
import jp.renkei.contracts.plan.MeasureSnapshot.GlossaryTerm;
import jp.renkei.contracts.plan.MeasureSnapshot.Initiative;
import jp.renkei.contracts.plan.MeasureSnapshot.Item;
import jp.renkei.messaging.outbox.OutboxEvent;
import org.bson.Document;

/**
 * A measure's document as the MongoDB driver reads and writes it, for the edit's own read and conditional write: the
 * same fields, types and shape that Spring Data's mapping of {@link MeasureDocument} gives (so either reads what the
 * other wrote), built directly. Spring Data's query and update mapping and its reflective reading of the records
 * were a third of an edit's request-thread CPU (plan-write's profile of 2026-12-06). As Spring Data does, nested
 * documents leave out nulls, and a nested record's {@code id} is stored as {@code _id}.
 */
final class MeasureDocuments {

    /** A document's id, and where Spring Data stores a nested record's {@code id}. */
    static final String ID = "_id";
    static final String OUTBOX = "outbox";

    private MeasureDocuments() {
    }

    /**
     * The update of a measure to {@code revised}: its changing fields, its new version key, and the event appended to
     * its outbox, in one single-document write.
     */
    static Document revision(Measure revised, String versionKey, OutboxEvent event) {
        Document set = new Document()
                .append("content", content(revised.content()))
                .append("status", revised.status().name())
                .append("version", revised.version())
                .append(MeasureDocument.VERSION_KEY, versionKey)
                .append("updatedAt", date(revised))
                .append("updatedBy", revised.updatedBy())
                .append("approvals", list(revised.approvals(), MeasureDocuments::approval));
        return new Document("$set", set).append("$push", new Document(OUTBOX, outboxEvent(event)));
    }

    /** The measure a stored document holds (its outbox aside). */
    static Measure measure(Document stored) {
        return new Measure(stored.getString("municipalityId"), stored.getString("planId"),
                number(stored, "goalNumber").intValue(), stored.getString("areaId"), stored.getString("measureId"),
                stored.getString("number"), content(stored.get("content", Document.class)),
                MeasureStatus.valueOf(stored.getString("status")), number(stored, "version").longValue(),
                instant(stored, "updatedAt"), stored.getString("updatedBy"),
                // measures stored before joint plans have no approvals field: none
                read(stored.getList("approvals", Document.class), MeasureDocuments::approval));
    }

    static Document content(MeasureContent content) {
        Document document = new Document();
        put(document, "title", content.title());
        put(document, "currentSituation", content.currentSituation());
        put(document, "basicPolicy", content.basicPolicy());
        put(document, "initiatives", list(content.initiatives(), MeasureDocuments::initiative));
        put(document, "relatedPlans", content.relatedPlans());
        put(document, "glossary", list(content.glossary(), MeasureDocuments::glossaryTerm));
        put(document, "tags", content.tags());
        return document;
    }

    static MeasureContent content(Document stored) {
        return new MeasureContent(stored.getString("title"), strings(stored, "currentSituation"),
                stored.getString("basicPolicy"), read(stored.getList("initiatives", Document.class),
                MeasureDocuments::initiative), strings(stored, "relatedPlans"),
                read(stored.getList("glossary", Document.class), MeasureDocuments::glossaryTerm),
                strings(stored, "tags"));
    }

    static Document outboxEvent(OutboxEvent event) {
        Document document = new Document();
        put(document, "eventId", event.eventId());
        put(document, "type", event.type());
        put(document, "source", event.source());
        put(document, "subject", event.subject());
        put(document, "partitionKey", event.partitionKey());
        put(document, "sequence", event.sequence());
        put(document, "time", event.time() == null ? null : Date.from(event.time()));
        put(document, "data", event.data());
        return document;
    }

    private static Document initiative(Initiative initiative) {
        Document document = new Document();
        put(document, ID, initiative.id());
        put(document, "number", initiative.number());
        put(document, "category", initiative.category());
        put(document, "items", list(initiative.items(), MeasureDocuments::item));
        return document;
    }

    private static Initiative initiative(Document stored) {
        return new Initiative(stored.getString(ID), stored.getString("number"), stored.getString("category"),
                read(stored.getList("items", Document.class), MeasureDocuments::item));
    }

    private static Document item(Item item) {
        Document document = new Document();
        put(document, ID, item.id());
        put(document, "text", item.text());
        return document;
    }

    private static Item item(Document stored) {
        return new Item(stored.getString(ID), stored.getString("text"));
    }

    private static Document glossaryTerm(GlossaryTerm term) {
        Document document = new Document();
        put(document, "term", term.term());
        put(document, "definition", term.definition());
        return document;
    }

    private static GlossaryTerm glossaryTerm(Document stored) {
        return new GlossaryTerm(stored.getString("term"), stored.getString("definition"));
    }

    private static Document approval(Approval approval) {
        Document document = new Document();
        put(document, "municipalityId", approval.municipalityId());
        put(document, "name", approval.name());
        put(document, "version", approval.version());
        put(document, "approver", approval.approver());
        put(document, "approvedAt", approval.approvedAt() == null ? null : Date.from(approval.approvedAt()));
        return document;
    }

    private static Approval approval(Document stored) {
        return new Approval(stored.getString("municipalityId"), stored.getString("name"),
                number(stored, "version").longValue(), stored.getString("approver"), instant(stored, "approvedAt"));
    }

    private static void put(Document document, String field, Object value) {
        if (value != null) {
            document.append(field, value);
        }
    }

    private static Date date(Measure measure) {
        return measure.updatedAt() == null ? null : Date.from(measure.updatedAt());
    }

    private static Instant instant(Document stored, String field) {
        Date date = stored.getDate(field);
        return date == null ? null : date.toInstant();
    }

    /** A number as stored: an int or a long, whichever the writer chose for a small value. */
    private static Number number(Document stored, String field) {
        Object value = stored.get(field);
        return value == null ? 0 : (Number) value;
    }

    private static List<String> strings(Document stored, String field) {
        List<String> values = stored.getList(field, String.class);
        return values == null ? List.of() : values;
    }

    private static <T> List<Document> list(List<T> values, Function<T, Document> toDocument) {
        if (values == null) {
            return null;
        }
        List<Document> documents = new ArrayList<>(values.size());
        values.forEach(value -> documents.add(toDocument.apply(value)));
        return documents;
    }

    private static <T> List<T> read(List<Document> documents, Function<Document, T> fromDocument) {
        if (documents == null) {
            return List.of();
        }
        List<T> values = new ArrayList<>(documents.size());
        documents.forEach(document -> values.add(fromDocument.apply(document)));
        return values;
    }
}
