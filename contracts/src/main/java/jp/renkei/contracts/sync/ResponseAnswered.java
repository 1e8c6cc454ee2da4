package jp.renkei.contracts.sync;

import java.time.Instant;
import java.util.List;

/**
 * Data of {@code jp.renkei.sync.response.answered.v1}: the city answered a partner's response.
 *
 * @param partnerId         the partner that responded
 * @param responseRevision  the revision of the response that was answered
 * @param addressedTo       the partner that responded
 */
public record ResponseAnswered(String responseId, String partnerId, String eventId, String planId, String measureId,
                               Long version, int responseRevision, String text, String answeredBy,
                               Instant answeredAt, List<String> addressedTo) {
}
