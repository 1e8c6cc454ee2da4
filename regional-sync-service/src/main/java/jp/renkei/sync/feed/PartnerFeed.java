package jp.renkei.sync.feed;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Repository;

/**
 * Each partner's pull feed: every event its subscriptions select, in the order regional-sync-service received them
 * (so each measure's revisions stay in version order), numbered by a per-partner position that only grows. A
 * cursor is the last position a partner has read; it stays valid across restarts. Positions may have gaps (a
 * number taken by a redelivered event that was already in the feed), never reorderings.
 */
@Repository
public class PartnerFeed {

    static final String ENTRIES = "feed_entries";
    static final String COUNTERS = "feed_counters";

    private final MongoTemplate mongo;
    private final Clock clock;

    PartnerFeed(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    /** Appends the event to the partner's feed, once: a second append of the same event changes nothing. */
    public void append(String partnerId, String eventId) {
        String id = partnerId + ":" + eventId;
        if (mongo.exists(query(where("_id").is(id)), ENTRIES)) {
            return;
        }
        Counter counter = mongo.findAndModify(query(where("_id").is(partnerId)), new Update().inc("next", 1),
                FindAndModifyOptions.options().upsert(true).returnNew(true), Counter.class, COUNTERS);
        try {
            mongo.insert(new FeedEntry(id, partnerId, counter.next(), eventId, clock.instant()), ENTRIES);
        } catch (DuplicateKeyException alreadyInTheFeed) {
            // appended concurrently by a redelivery: the first entry stands
        }
    }

    /** Up to {@code limit} entries after the cursor position, oldest first. */
    public List<FeedEntry> after(String partnerId, long position, int limit) {
        return mongo.find(query(where("partnerId").is(partnerId).and("position").gt(position))
                .with(Sort.by("position")).limit(limit), FeedEntry.class, ENTRIES);
    }

    public record FeedEntry(String id, String partnerId, long position, String eventId, Instant appendedAt) {
    }

    record Counter(String id, long next) {
    }
}
