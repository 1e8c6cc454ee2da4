package jp.renkei.contracts.sync;

import java.time.Instant;

/** Data of {@code jp.renkei.sync.delivery.failed.v1}. */
public record DeliveryFailed(String partnerId, String endpointId, String deliveryId, String eventId, String eventType,
                             String subject, int attempts, Integer lastStatusCode, String lastError,
                             Instant failedAt) {
}
