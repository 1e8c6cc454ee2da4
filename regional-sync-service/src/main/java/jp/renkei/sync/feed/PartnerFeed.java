package jp.renkei.sync.feed;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.renkei.sync.storage.InsertMany;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Repository;

/**
 * Each partner's pull feed: every event its subscriptions select, in the order regional-sync-service received them
 * (so each measure's revisions stay in version order), numbered by a per-partner position that only grows. A
 * cursor is the last position a partner has read; it stays valid across restarts. Positions may have gaps, never
 * reorderings.
 *
 * <p>Every read and write is by exact {@code _id}, so neither costs more as the feed grows: {@code feed_counters}
 * holds each partner's last position taken, {@code feed_positions} one document per position ({@code _id}
 * {@code partnerId:position}), and {@code feed_entries} one per event in a partner's feed ({@code _id}
 * {@code partnerId:eventId}), whose duplicate key tells a redelivered event from a new one. A batch takes its
 * positions with one {@code $inc} per partner, writes all partners' positions in one insert, then their entries in
 * another; an event that was in the feed already turns its new position into a gap. A crash in between shows an
 * event twice at worst (partners de-duplicate on the event id), never loses one.
 */
@Repository
public class PartnerFeed implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(PartnerFeed.class);
    static final String ENTRIES = "feed_entries";
    static final String POSITIONS = "feed_positions";
    static final String COUNTERS = "feed_counters";
    /**
     * A position taken but not written (yet) is a gap only once a later position was written this long ago: until
     * then its batch may still be writing it (an overloaded store can stall a write for seconds), and a reader that
     * skipped it would never see its event. Only a crash leaves such a gap for good, so waiting long costs little.
     */
    static final Duration UNWRITTEN_POSITION_GRACE = Duration.ofSeconds(60);

    private final MongoTemplate mongo;
    private final Clock clock;

    PartnerFeed(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    /**
     * Appends events to partners' feeds, each event once per partner: an event already in a partner's feed (a
     * redelivered record) is not appended again.
     *
     * @param eventIdsByPartner per partner, the event ids in the order they were received
     */
    public void append(Map<String, List<String>> eventIdsByPartner) {
        Instant now = clock.instant();
        List<FeedEntry> entries = new ArrayList<>();
        eventIdsByPartner.forEach((partnerId, eventIds) -> {
            if (eventIds.isEmpty()) {
                return;
            }
            Counter counter = mongo.findAndModify(byId(partnerId), new Update().inc("next", eventIds.size()),
                    FindAndModifyOptions.options().upsert(true).returnNew(true), Counter.class, COUNTERS);
            long first = counter.next() - eventIds.size() + 1;
            for (int i = 0; i < eventIds.size(); i++) {
                long position = first + i;
                entries.add(new FeedEntry(positionId(partnerId, position), partnerId, position, eventIds.get(i), now));
            }
        });
        if (entries.isEmpty()) {
            return;
        }
        // every partner's positions in one insert and their entries in another: the fan-out waits for them
        mongo.insert(entries, POSITIONS);
        List<Membership> memberships = entries.stream().map(entry -> new Membership(
                entryId(entry.partnerId(), entry.eventId()), entry.partnerId(), entry.position(), entry.eventId(),
                now)).toList();
        Set<Membership> fresh = new HashSet<>(InsertMany.ignoringDuplicates(mongo, ENTRIES, memberships));
        for (Membership membership : memberships) {
            if (!fresh.contains(membership)) {
                // in the feed already, at an earlier position: this one becomes a gap
                mongo.save(new FeedEntry(positionId(membership.partnerId(), membership.position()),
                        membership.partnerId(), membership.position(), null, now), POSITIONS);
            }
        }
    }

    /**
     * Whether the event is in the partner's feed, which holds everything the partner received, pushed or pulled: one
     * read by {@code _id}.
     */
    public boolean contains(String partnerId, String eventId) {
        return mongo.findById(entryId(partnerId, eventId), Membership.class, ENTRIES) != null;
    }

    /** The last position taken in the partner's feed (0 for none): one read by {@code _id}. */
    public long head(String partnerId) {
        Counter counter = mongo.findById(partnerId, Counter.class, COUNTERS);
        return counter == null ? 0 : counter.next();
    }

    /** Up to {@code limit} entries after the cursor position, oldest first. */
    public List<FeedEntry> after(String partnerId, long position, int limit) {
        long head = head(partnerId);
        List<FeedEntry> entries = new ArrayList<>(Math.min(limit, 64));
        Instant settled = clock.instant().minus(UNWRITTEN_POSITION_GRACE);
        for (long next = position + 1; next <= head && entries.size() < limit; next++) {
            FeedEntry entry = mongo.findById(positionId(partnerId, next), FeedEntry.class, POSITIONS);
            if (entry == null) {
                FeedEntry later = firstWrittenAfter(partnerId, next, head);
                if (later == null || later.appendedAt().isAfter(settled)) {
                    // possibly still being written: stop before it, so that it is never skipped
                    break;
                }
                continue;
            }
            if (entry.eventId() != null) {
                entries.add(entry);
            }
        }
        return entries;
    }

    private FeedEntry firstWrittenAfter(String partnerId, long missing, long head) {
        for (long next = missing + 1; next <= head; next++) {
            FeedEntry entry = mongo.findById(positionId(partnerId, next), FeedEntry.class, POSITIONS);
            if (entry != null) {
                return entry;
            }
        }
        return null;
    }

    /**
     * A feed written before positions had documents of their own: their positions are written once, from the
     * entries (one read of them all, at start, never again once there are positions).
     */
    @Override
    public void afterSingletonsInstantiated() {
        if (mongo.findOne(new Query(), FeedEntry.class, POSITIONS) != null
                || mongo.findOne(new Query(), Membership.class, ENTRIES) == null) {
            return;
        }
        List<FeedEntry> positions = mongo.findAll(Membership.class, ENTRIES).stream()
                .map(entry -> new FeedEntry(positionId(entry.partnerId(), entry.position()), entry.partnerId(),
                        entry.position(), entry.eventId(), entry.appendedAt()))
                .toList();
        InsertMany.ignoringDuplicates(mongo, POSITIONS, positions);
        log.info("the pull feed's {} positions written from its entries", positions.size());
    }

    private static Query byId(String id) {
        return query(where("_id").is(id));
    }

    private static String positionId(String partnerId, long position) {
        return partnerId + ":" + position;
    }

    private static String entryId(String partnerId, String eventId) {
        return partnerId + ":" + eventId;
    }

    /**
     * One position of a partner's feed.
     *
     * @param eventId null for a gap: the position was taken by an event that was in the feed already
     */
    public record FeedEntry(String id, String partnerId, long position, String eventId, Instant appendedAt) {
    }

    /** An event in a partner's feed; its id ({@code partnerId:eventId}) keeps it there once. */
    record Membership(String id, String partnerId, long position, String eventId, Instant appendedAt) {
    }

    record Counter(String id, long next) {
    }
}
