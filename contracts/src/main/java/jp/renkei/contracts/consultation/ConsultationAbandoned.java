package jp.renkei.contracts.consultation;

import java.time.Instant;
import java.util.List;

/** Data of {@code jp.renkei.consultation.abandoned.v1}: the consultation was called off, with its public reason. */
public record ConsultationAbandoned(String municipalityId, String planId, Integer goalNumber, String areaId,
        List<String> measureIds, List<String> tags,
                                    String consultationId, String caseNumber, long version, Instant abandonedAt,
                                    String previousStatus, String reason, long opinionCount) {
}
