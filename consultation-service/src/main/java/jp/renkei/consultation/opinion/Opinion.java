package jp.renkei.consultation.opinion;

import java.time.Instant;
import java.util.List;
import jp.renkei.consultation.cases.AuditEntry;

/**
 * One opinion as submitted, with what moderators did to it. It holds no personal data: the submitter is in
 * {@link SubmitterVault}. The submitted text is kept as it came (moderators see it); the public sees
 * {@link #publicText()}.
 *
 * @param receipt      the receipt number given to the submitter, e.g. PC-2026-001-00042
 * @param measureIds   the measures it concerns: the one the submitter named, or all the consultation's targets
 * @param requestHash  a keyed fingerprint of the submission, to tell a retry from a different request
 * @param redactedText the text with passages removed by moderators, or null
 * @param summary      a moderator's summary to publish instead of the text, or null
 * @param audit        moderators' actions on this opinion
 */
public record Opinion(String id, String consultationId, String receipt, long receiptNumber, List<String> measureIds,
                      String sectionId, String itemId, String text, Instant submittedAt, String requestHash,
                      Hiding hidden, String redactedText, String summary, String groupId, CityResponse response,
                      long version, List<AuditEntry> audit) {

    public boolean isHidden() {
        return hidden != null;
    }

    /** What the public result shows: the summary where a moderator chose one, else the (redacted) text. */
    public String publicText() {
        if (summary != null) {
            return summary;
        }
        return redactedText != null ? redactedText : text;
    }

    /** The text passages are redacted from: earlier redactions stay. */
    public String currentText() {
        return redactedText != null ? redactedText : text;
    }

    public Opinion hide(Hiding hiding) {
        return new Opinion(id, consultationId, receipt, receiptNumber, measureIds, sectionId, itemId, text, submittedAt,
                requestHash, hiding, redactedText, summary, groupId, response, version + 1, audit);
    }

    public Opinion redacted(String newRedactedText) {
        return new Opinion(id, consultationId, receipt, receiptNumber, measureIds, sectionId, itemId, text, submittedAt,
                requestHash, hidden, newRedactedText, summary, groupId, response, version + 1, audit);
    }

    public Opinion summarised(String newSummary) {
        return new Opinion(id, consultationId, receipt, receiptNumber, measureIds, sectionId, itemId, text, submittedAt,
                requestHash, hidden, redactedText, newSummary, groupId, response, version + 1, audit);
    }

    public Opinion grouped(String newGroupId) {
        return new Opinion(id, consultationId, receipt, receiptNumber, measureIds, sectionId, itemId, text, submittedAt,
                requestHash, hidden, redactedText, summary, newGroupId, response, version + 1, audit);
    }

    public Opinion answered(CityResponse newResponse) {
        return new Opinion(id, consultationId, receipt, receiptNumber, measureIds, sectionId, itemId, text, submittedAt,
                requestHash, hidden, redactedText, summary, groupId, newResponse, version + 1, audit);
    }
}
