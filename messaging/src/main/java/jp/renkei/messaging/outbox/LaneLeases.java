package jp.renkei.messaging.outbox;

import java.time.Duration;

/**
 * Leases on the relay's lanes, shared by every instance of the service: an aggregate always travels in the same lane,
 * and only the instance that holds a lane's lease publishes its events, so two instances never publish one
 * aggregate's events out of order. One lease per lane, renewed now and then, instead of a claim around every event.
 */
public interface LaneLeases {

    /**
     * Takes the lane for {@code lease}, or extends this owner's lease on it.
     *
     * @return false when another owner holds an unexpired lease on the lane
     */
    boolean hold(String lane, String owner, Duration lease);

    /** Gives a lease up early; a no-op when the owner no longer holds it. */
    void release(String lane, String owner);
}
