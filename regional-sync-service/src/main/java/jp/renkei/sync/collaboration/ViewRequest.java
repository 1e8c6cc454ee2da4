package jp.renkei.sync.collaboration;

import java.time.Instant;
import java.util.List;
import jp.renkei.messaging.outbox.OutboxEvent;

/**
 * The city's request for named partners' views on a measure version by a deadline (意見照会). Its id is also the id
 * of the event that carries it to the partners, so partner P's answer is the response {@code P:id}: the answers to a
 * request are read by {@code _id}, one per partner asked.
 */
public record ViewRequest(String id, String planId, String measureId, long version, String text, List<String> partners,
                          Instant deadline, String sentBy, Instant sentAt, List<OutboxEvent> outbox) {

    public ViewRequest {
        partners = List.copyOf(partners);
        outbox = outbox == null ? List.of() : List.copyOf(outbox);
    }

    /** Where one partner stands: answered, still to answer, or missing once the deadline has passed. */
    public enum Standing {
        ANSWERED, WAITING, MISSING
    }

    public Standing standingOf(PartnerResponse answer, Instant now) {
        if (answer != null) {
            return Standing.ANSWERED;
        }
        return now.isBefore(deadline) ? Standing.WAITING : Standing.MISSING;
    }
}
