package jp.renkei.sync.delivery;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.data.mongodb.core.FindAndReplaceOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Repository;

/**
 * The state of each endpoint's circuit breaker as its owner last saw it. The breaker lives in the memory of the
 * instance that owns the endpoint; the owner writes each change here (one document per endpoint, by {@code _id}; a
 * breaker changes state at most every second or so), so whichever instance answers the API can show it.
 */
@Repository
public class BreakerStates {

    private static final String BREAKERS = "endpoint_breakers";

    private final MongoTemplate mongo;

    BreakerStates(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    void record(String endpointId, BreakerState state) {
        mongo.findAndReplace(query(where("_id").is(endpointId)), new Stored(endpointId, state.state(), state.since()),
                FindAndReplaceOptions.options().upsert(), BREAKERS);
    }

    /** The states of those of {@code endpointIds} that have one, in one read by id. */
    public Map<String, BreakerState> of(Collection<String> endpointIds) {
        if (endpointIds.isEmpty()) {
            return Map.of();
        }
        return mongo.find(query(where("_id").in(endpointIds)), Stored.class, BREAKERS).stream()
                .collect(Collectors.toMap(Stored::id, Stored::asState, (one, other) -> one));
    }

    /**
     * @param state CLOSED (requests go), OPEN (none go until the next trial) or HALF_OPEN (one trial request decides)
     * @param since when the breaker took that state
     */
    public record BreakerState(String state, Instant since) {
    }

    private record Stored(String id, String state, Instant since) {

        BreakerState asState() {
            return new BreakerState(state, since);
        }
    }
}
