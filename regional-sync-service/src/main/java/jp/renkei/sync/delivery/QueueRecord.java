package jp.renkei.sync.delivery;

import java.time.Instant;

/**
 * One record on the delivery topic, keyed by endpoint id: a delivery for the endpoint's queue, or word that something
 * about the endpoint changed in the store (its pending deliveries, its settings) and its owner must read it again.
 * Exactly one of the two is set. The durable state is in the store; the record only tells the owner where to look.
 */
record QueueRecord(QueuedDelivery delivery, EndpointChanged changed) {

    /** @param queuedBefore whether the delivery may have been queued (and sent) before this record */
    static QueueRecord of(Delivery delivery, boolean queuedBefore) {
        return new QueueRecord(QueuedDelivery.of(delivery, queuedBefore), null);
    }

    static QueueRecord changed(String endpointId, String reason) {
        return new QueueRecord(null, new EndpointChanged(endpointId, reason));
    }

    String endpointId() {
        return delivery != null ? delivery.endpointId() : changed.endpointId();
    }

    /**
     * What the owner needs to put a delivery in line without reading the store.
     *
     * @param queuedBefore the fan-out read its event again (after a crash or a rebalance), so this delivery may have
     *                     been queued, even sent, before: its owner reads the stored state before sending it
     */
    record QueuedDelivery(String id, String partnerId, String endpointId, String eventId, String eventType,
                          String subject, long sequence, boolean latestOnly, String replayId, Instant createdAt,
                          boolean queuedBefore) {

        static QueuedDelivery of(Delivery delivery, boolean queuedBefore) {
            return new QueuedDelivery(delivery.id(), delivery.partnerId(), delivery.endpointId(), delivery.eventId(),
                    delivery.eventType(), delivery.subject(), delivery.sequence(), delivery.latestOnly(),
                    delivery.replayId(), delivery.createdAt(), queuedBefore);
        }

        /** As it was created. */
        Delivery asPending() {
            return new Delivery(id, partnerId, endpointId, eventId, eventType, subject, sequence,
                    Delivery.DeliveryStatus.PENDING, 0, createdAt, createdAt, null, null, null, latestOnly, replayId);
        }
    }

    /** @param reason what changed (pause, resume, retry, recover, throttle, rotate-secret), for the log */
    record EndpointChanged(String endpointId, String reason) {
    }
}
