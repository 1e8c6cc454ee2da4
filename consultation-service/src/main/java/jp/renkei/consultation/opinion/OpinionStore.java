package jp.renkei.consultation.opinion;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import jp.renkei.consultation.cases.AuditEntry;
import jp.renkei.consultation.cases.OpinionCounts;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Repository;

/** Opinions ({@code opinions}) and groups ({@code opinion_groups}); a moderator's change and its audit entry are one update. */
@Repository
public class OpinionStore implements OpinionCounts {

    private static final String OPINIONS = "opinions";
    private static final String GROUPS = "opinion_groups";

    private final MongoTemplate mongo;

    OpinionStore(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** @return false when an opinion with this id (a retried submission) is already stored */
    boolean insert(Opinion opinion) {
        try {
            mongo.insert(opinion, OPINIONS);
            return true;
        } catch (DuplicateKeyException alreadyStored) {
            return false;
        }
    }

    public Optional<Opinion> find(String opinionId) {
        return Optional.ofNullable(mongo.findById(opinionId, Opinion.class, OPINIONS));
    }

    public List<Opinion> byConsultation(String consultationId) {
        return mongo.find(query(where("consultationId").is(consultationId)).with(Sort.by("receiptNumber")), Opinion.class,
                OPINIONS);
    }

    @Override
    public long count(String consultationId) {
        return mongo.count(query(where("consultationId").is(consultationId)), OPINIONS);
    }

    /** The measure ids of each opinion submitted in {@code [from, to)}; an opinion on two measures counts for both. */
    public List<List<String>> measureIdsSubmittedBetween(Instant from, Instant to) {
        Query query = query(where("submittedAt").gte(Date.from(from)).lt(Date.from(to)));
        query.fields().include("measureIds");
        return mongo.find(query, org.bson.Document.class, OPINIONS).stream()
                .map(opinion -> opinion.getList("measureIds", String.class, List.<String>of())).toList();
    }

    /** Stores a moderated opinion if still at {@code expectedVersion}, with its audit entry. */
    public boolean update(Opinion changed, long expectedVersion, AuditEntry entry) {
        Update update = new Update().set("hidden", changed.hidden()).set("redactedText", changed.redactedText())
                .set("summary", changed.summary()).set("groupId", changed.groupId()).set("response", changed.response())
                .set("version", changed.version()).push("audit", entry);
        return mongo.updateFirst(query(where("_id").is(changed.id()).and("version").is(expectedVersion)), update,
                OPINIONS).getModifiedCount() == 1;
    }

    public void insertGroup(OpinionGroup group) {
        mongo.insert(group, GROUPS);
    }

    public Optional<OpinionGroup> findGroup(String groupId) {
        return Optional.ofNullable(mongo.findById(groupId, OpinionGroup.class, GROUPS));
    }

    public List<OpinionGroup> groups(String consultationId) {
        return mongo.find(query(where("consultationId").is(consultationId)).with(Sort.by("label")), OpinionGroup.class,
                GROUPS);
    }

    public boolean updateGroup(OpinionGroup changed, long expectedVersion, AuditEntry entry) {
        Update update = new Update().set("response", changed.response()).set("version", changed.version())
                .push("audit", entry);
        return mongo.updateFirst(query(where("_id").is(changed.id()).and("version").is(expectedVersion)), update,
                GROUPS).getModifiedCount() == 1;
    }
}
