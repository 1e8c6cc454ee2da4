package jp.renkei.consultation.participation;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.renkei.messaging.outbox.MongoDocumentOutbox;
import jp.renkei.messaging.outbox.OutboxEvent;
import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Repository;

/**
 * Participation tallies ({@code participation_tallies}), one document per measure and fiscal year, each with its
 * outbox. Every read and write is by {@code _id} (a conditional one also on the version); only the sweep filters, over
 * one document per measure and year, never over the opinions or hearing records themselves.
 */
@Repository
public class ParticipationStore {

    /** A tally per measure and fiscal year grows with the years: the sweep reads the marks, never the collection. */
    private final MongoDocumentOutbox outbox;

    /** Where tallies are kept, each with its outbox (an {@code Outbox} over it is declared with the service). */
    public static final String COLLECTION = "participation_tallies";

    private final MongoTemplate mongo;
    private final Map<Contribution.Kind, StoredContributions> contributions = new EnumMap<>(Contribution.Kind.class);

    ParticipationStore(MongoTemplate mongo, List<StoredContributions> contributions) {
        this.outbox = MongoDocumentOutbox.marked(mongo, COLLECTION);
        this.mongo = mongo;
        contributions.forEach(stored -> this.contributions.put(stored.kind(), stored));
        for (Contribution.Kind kind : Contribution.Kind.values()) {
            if (!this.contributions.containsKey(kind)) {
                throw new IllegalStateException("nothing tells where contributions of kind " + kind + " are stored");
            }
        }
    }

    Optional<Tally> find(String tallyId) {
        return Optional.ofNullable(mongo.findById(tallyId, Tally.class, COLLECTION));
    }

    /**
     * Announces a contribution to the tally, creating the tally when it is the first: unless it is announced or
     * counted already.
     */
    void reserve(String tallyId, String planId, String measureId, int fiscalYear, Tally.Reservation reservation) {
        Query notYetKnown = query(where("_id").is(tallyId).and("reservations.key").ne(reservation.key())
                .and("recentlyCounted").ne(reservation.key()));
        Update reserve = new Update().push("reservations", reservation)
                .setOnInsert("planId", planId).setOnInsert("measureId", measureId)
                .setOnInsert("fiscalYear", fiscalYear).setOnInsert("opinions", 0L)
                .setOnInsert("hearingRecords", 0L).setOnInsert("version", 0L);
        for (int attempt = 1; attempt <= 2; attempt++) {
            try {
                mongo.upsert(notYetKnown, reserve, COLLECTION);
                return;
            } catch (DuplicateKeyException knownOrJustCreated) {
                // the tally exists and already knows the contribution, or another request created it just now:
                // the second attempt tells which (it updates the tally, or fails the same way)
            }
        }
    }

    /** Stores the tally after counting {@code key} if it is still at {@code before}'s version, with its event. */
    boolean count(Tally before, Tally after, String key, OutboxEvent event) {
        Update update = new Update().set("opinions", after.opinions()).set("hearingRecords", after.hearingRecords())
                .set("version", after.version()).set("recentlyCounted", after.recentlyCounted())
                .set("asOf", after.asOf())
                // the latest count supersedes a pending earlier one: each event carries the whole count
                .set("outbox", List.of(event))
                .pull("reservations", new Document("key", key));
        Query atVersion = query(where("_id").is(before.id()).and("version").is(before.version()));
        outbox.expect(before.id());
        return mongo.updateFirst(atVersion, update, COLLECTION).getModifiedCount() == 1;
    }

    /** The tallies' pending events, for the relay. */
    public MongoDocumentOutbox outbox() {
        return outbox;
    }

    /** Forgets a reservation whose contribution was never stored. */
    void drop(String tallyId, String key) {
        mongo.updateFirst(query(where("_id").is(tallyId)), new Update().pull("reservations", new Document("key", key)),
                COLLECTION);
    }

    /** Tallies with reservations: a scan of the tallies (one per measure and year), for the sweep. */
    List<Tally> withReservations() {
        return mongo.find(query(where("reservations.0").exists(true)), Tally.class, COLLECTION);
    }

    /** The contribution a reservation announced, as stored; empty while (or when) it is not. */
    Optional<Contribution> stored(Tally.Reservation reservation, String planId) {
        return contributions.get(reservation.kind()).find(reservation.documentId(), planId);
    }
}
