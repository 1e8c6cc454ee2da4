package jp.renkei.sync.collaboration;

import java.time.Instant;
import java.util.List;
import jp.renkei.messaging.outbox.OutboxEvent;

/**
 * A partner's response to one event it received, and the city's answer to it: one document, written by one
 * conditional update that also carries its event.
 *
 * @param id            {@code partnerId:eventId}: one response per partner and event, which the partner may change
 * @param version       the measure version the event concerned, when it concerned one
 * @param viewRequestId the request for views the response answers, when the event was one
 * @param revision      1 when submitted, one more for each change by the partner
 * @param changes       every write, the partner's and the city's: the condition of the next one ({@code versionKey})
 * @param versionKey    {@code id@changes}, under a unique index: the embedded store answers a filter on it from the
 *                      index, where {@code _id} and {@code changes} together would be a scan
 */
public record PartnerResponse(String id, String partnerId, String eventId, String eventType, String planId,
                              String measureId, Long version, ResponseKind kind, String section, String text,
                              String viewRequestId, int revision, Instant respondedAt, Answer answer, long changes,
                              String versionKey, List<OutboxEvent> outbox) {

    public PartnerResponse {
        outbox = outbox == null ? List.of() : List.copyOf(outbox);
    }

    public static String idOf(String partnerId, String eventId) {
        return partnerId + ":" + eventId;
    }

    static String versionKey(String id, long changes) {
        return id + "@" + changes;
    }

    /** @param responseRevision the revision of the response that was answered */
    public record Answer(String text, String answeredBy, Instant answeredAt, int responseRevision) {
    }
}
