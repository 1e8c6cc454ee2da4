package jp.renkei.contracts.sync;

import java.time.Instant;
import java.util.List;

/**
 * Data of {@code jp.renkei.sync.response.submitted.v1}: a partner's response to an event it received.
 *
 * @param responseId    {@code partnerId:eventId}: a partner has one response per event, which it may change
 * @param eventId       the event responded to (the {@code webhook-id} the partner received)
 * @param version       the measure version the event concerned, when it concerned one
 * @param kind          {@code ACKNOWLEDGED}, {@code COMMENTED} or {@code OBJECTED}
 * @param section       the part of the measure the response concerns, if the partner named one
 * @param viewRequestId the request for views this answers, when the event responded to was one
 * @param revision      1 for the first response, one more for each change
 * @param addressedTo   the partners this event goes to: the plan's other partner co-owners
 */
public record ResponseSubmitted(String responseId, String partnerId, String eventId, String eventType, String planId,
                                String measureId, Long version, String kind, String section, String text,
                                String viewRequestId, int revision, Instant respondedAt, List<String> addressedTo) {
}
