package jp.renkei.contracts.consultation;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Data of {@code jp.renkei.consultation.opened.v1}: the consultation began taking opinions. {@code planId},
 * {@code goalNumber} and {@code areaId} (when all targeted measures share one; else null), {@code measureIds} and
 * {@code tags} are the routing attributes, as in every consultation event. Never carries personal data.
 *
 * @param shortenedPeriodReason why the period is below 30 days, or null
 */
public record ConsultationOpened(String municipalityId, String planId, Integer goalNumber, String areaId,
        List<String> measureIds, List<String> tags,
                                 String consultationId, String caseNumber, String title, List<ConsultationTarget> targets,
                                 String department, LocalDate publicationDate, LocalDate deadline,
                                 String shortenedPeriodReason, long version, Instant openedAt) {
}
