package jp.renkei.sync.delivery;

import java.time.Instant;

/**
 * One request made for a delivery, as the delivery log shows it.
 *
 * @param statusCode      null when no answer came back
 * @param responseExcerpt the first KiB of the answer's body
 */
public record DeliveryAttempt(String id, String deliveryId, String partnerId, String endpointId, int attempt,
                              Instant at, Integer statusCode, long durationMillis, String error,
                              String responseExcerpt) {
}
