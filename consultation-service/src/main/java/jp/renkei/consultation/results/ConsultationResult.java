package jp.renkei.consultation.results;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import jp.renkei.contracts.consultation.ConsultationResultsPublished.RevisionFollowed;
import jp.renkei.contracts.consultation.ConsultationTarget;

/**
 * The public result of a consultation (意見募集の結果): frozen when published. Personal data is never part of it: it is
 * built from opinions, which hold none.
 *
 * @param note      says so in words when no opinion was received
 * @param revisions the plan revision that followed, per targeted measure, with a link to its diff when there is one
 */
public record ConsultationResult(String consultationId, String caseNumber, String title, String planId,
                                 List<ConsultationTarget> targets, String legalBasis, String department,
                                 LocalDate publicationDate, LocalDate deadline, long periodDays,
                                 String shortenedPeriodReason, Instant publishedAt, long opinionCount,
                                 long publishedOpinionCount, long hiddenOpinionCount, boolean noOpinions, String note,
                                 Map<String, Long> outcomeCounts, List<ResultOpinion> opinions, List<ResultGroup> groups,
                                 List<RevisionFollowed> revisions) {

    /**
     * One opinion as published. A hidden one shows only its receipt number and the reason.
     *
     * @param summarised true when {@code text} is a moderator's summary rather than the submitted words
     * @param redacted   true when passages were removed
     */
    public record ResultOpinion(String receiptNumber, List<String> measureIds, String sectionId, String itemId,
                                String text, boolean summarised, boolean redacted, boolean hidden, String hiddenReason,
                                String groupId, String outcome, String outcomeLabel, String response) {
    }

    public record ResultGroup(String groupId, String label, List<String> receiptNumbers, String outcome,
                              String outcomeLabel, String response) {
    }
}
