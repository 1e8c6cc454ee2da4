package jp.renkei.contracts.sync;

import java.time.Instant;
import java.util.List;

/**
 * Data of {@code jp.renkei.sync.view-request.sent.v1}: the city asks named partners for their view on a measure
 * version by a deadline (意見照会). A partner answers by responding to this event; its id is the request's id.
 *
 * @param addressedTo the partners asked
 */
public record ViewRequestSent(String viewRequestId, String planId, String measureId, long version, String text,
                              Instant deadline, String sentBy, Instant sentAt, List<String> addressedTo) {
}
