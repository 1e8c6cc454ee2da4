package jp.renkei.sync.delivery;

import java.time.Instant;

/**
 * One event on its way to one endpoint of one partner. The id joins partner, endpoint and event (and the replay,
 * for a replayed one), so a redelivered Kafka record cannot create a second delivery.
 *
 * @param sequence   the aggregate version of the event, to keep one subject's events in order per endpoint
 * @param attempts   attempts made so far
 * @param latestOnly the subscription wants only the newest state of each subject: an older pending delivery of
 *                   the same subject is superseded by a newer one
 * @param replayId   the replay that created this delivery, or null for one created from Kafka
 */
public record Delivery(String id, String partnerId, String endpointId, String eventId, String eventType,
                       String subject, long sequence, DeliveryStatus status, int attempts, Instant nextAttemptAt,
                       Instant createdAt, Instant deliveredAt, Integer lastStatusCode, String lastError,
                       boolean latestOnly, String replayId) {

    public static String idOf(String partnerId, String endpointId, String eventId) {
        return partnerId + ":" + endpointId + ":" + eventId;
    }

    public static Delivery pending(String partnerId, String endpointId, String eventId, String eventType,
                                   String subject, long sequence, boolean latestOnly, String replayId, Instant now) {
        String id = idOf(partnerId, endpointId, eventId) + (replayId == null ? "" : ":replay-" + replayId);
        return new Delivery(id, partnerId, endpointId, eventId, eventType, subject, sequence, DeliveryStatus.PENDING,
                0, now, now, null, null, null, latestOnly, replayId);
    }

    /** Deliveries to the same endpoint about the same subject must arrive in order. */
    public String orderingKey() {
        return endpointId + "|" + subject;
    }

    public enum DeliveryStatus {
        PENDING, DELIVERED, FAILED,
        /** Left out because a newer state of the same subject went instead ("latest state only"). */
        SUPERSEDED
    }
}
