package jp.renkei.contracts.consultation;

import java.time.Instant;
import java.util.List;

/**
 * Data of {@code jp.renkei.consultation.closed.v1}: the period ended. {@code opinionCount} counts the opinions
 * received; no opinion or submitter is named.
 *
 * @param revisedDuringConsultation measures revised in plan-service while the consultation was open
 */
public record ConsultationClosed(String municipalityId, String planId, Integer goalNumber, String areaId,
        List<String> measureIds, List<String> tags,
                                 String consultationId, String caseNumber, long version, Instant closedAt,
                                 long opinionCount, List<String> revisedDuringConsultation) {
}
