package jp.renkei.consultation.hearing;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import jp.renkei.consultation.cases.AuditEntry;
import jp.renkei.consultation.refusal.StateConflictException;

/**
 * One intake through a listening channel, mapped to the plan measures it touches. It records what was said and
 * answered, not who said it: a letter's sender stays in the city's correspondence file.
 *
 * @param publishable whether the record (summary and response) may be shown to the public
 */
public record HearingRecord(String id, HearingChannel channel, LocalDate date, String summary, List<String> topics,
                            String planId, List<String> measureIds, GroupRequest groupRequest, HearingStatus status,
                            String response, boolean publishable, long version, Instant receivedAt, String receivedBy,
                            List<AuditEntry> audit) {

    public HearingRecord answered(String newResponse, boolean newPublishable) {
        if (status == HearingStatus.CLOSED) {
            throw new StateConflictException("forbidden-transition", "Status change not allowed",
                    "status", "a closed hearing record is not answered again", Map.of("currentStatus", "CLOSED"));
        }
        return new HearingRecord(id, channel, date, summary, topics, planId, measureIds, groupRequest,
                HearingStatus.ANSWERED, newResponse, newPublishable, version + 1, receivedAt, receivedBy, audit);
    }

    public HearingRecord closed() {
        if (status != HearingStatus.ANSWERED) {
            throw new StateConflictException("forbidden-transition", "Status change not allowed",
                    "status", "only an answered record is closed", Map.of("currentStatus", status.name()));
        }
        return new HearingRecord(id, channel, date, summary, topics, planId, measureIds, groupRequest,
                HearingStatus.CLOSED, response, publishable, version + 1, receivedAt, receivedBy, audit);
    }
}
