package jp.renkei.sync.delivery;

import java.time.Instant;

/**
 * One event on its way to one endpoint of one partner. The id joins partner, endpoint and event, so a
 * redelivered Kafka record cannot create a second delivery.
 *
 * @param sequence the aggregate version of the event, to keep one subject's events in order per endpoint
 * @param attempts attempts made so far
 */
public record Delivery(String id, String partnerId, String endpointId, String eventId, String eventType,
                       String subject, long sequence, DeliveryStatus status, int attempts, Instant nextAttemptAt,
                       Instant createdAt, Instant deliveredAt, Integer lastStatusCode, String lastError) {

    public static String idOf(String partnerId, String endpointId, String eventId) {
        return partnerId + ":" + endpointId + ":" + eventId;
    }

    /** Deliveries to the same endpoint about the same subject must arrive in order. */
    public String orderingKey() {
        return endpointId + "|" + subject;
    }

    public enum DeliveryStatus {
        PENDING, DELIVERED, FAILED
    }
}
