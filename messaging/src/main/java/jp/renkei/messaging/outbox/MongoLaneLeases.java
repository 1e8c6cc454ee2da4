package jp.renkei.messaging.outbox;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;

/**
 * One small document per lane ({@code outbox_lanes}): as many as there are lanes, whatever the history, so the
 * conditional update that takes a lease may scan them. A lease is about real elapsed time, so the clock is the
 * system's, never a service's business clock.
 */
public final class MongoLaneLeases implements LaneLeases {

    public static final String LANES = "outbox_lanes";

    private final MongoTemplate mongo;
    private final Clock clock;

    public MongoLaneLeases(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    @Override
    public boolean hold(String lane, String owner, Duration lease) {
        Date now = Date.from(clock.instant());
        Update take = new Update().set("owner", owner).set("until", Date.from(clock.instant().plus(lease)));
        boolean held = mongo.updateFirst(query(where("_id").is(lane).orOperator(where("owner").is(owner),
                where("until").lt(now))), take, LANES).getModifiedCount() == 1;
        if (held) {
            return true;
        }
        try {
            mongo.insert(new Document("_id", lane).append("owner", owner).append("until", Date.from(clock.instant()
                    .plus(lease))), LANES);
            return true;
        } catch (DuplicateKeyException takenByAnother) {
            return false;
        }
    }

    @Override
    public void release(String lane, String owner) {
        mongo.remove(query(where("_id").is(lane).and("owner").is(owner)), LANES);
    }
}
