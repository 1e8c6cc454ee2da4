package jp.renkei.consultation.web;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import jp.renkei.consultation.cases.Abandonment;
import jp.renkei.consultation.cases.Attachment;
import jp.renkei.consultation.cases.Consultation;
import jp.renkei.consultation.cases.ConsultationPeriod;
import jp.renkei.consultation.cases.ConsultationStatus;
import jp.renkei.consultation.cases.RevisionFlag;
import jp.renkei.contracts.consultation.ConsultationTarget;

/**
 * A consultation as the API shows it (public).
 *
 * @param revisionFlags measures revised while the consultation was open: staff decide whether to extend it
 */
record ConsultationView(String id, String caseNumber, String title, String summary, String planId,
                        List<ConsultationTarget> targets, List<String> tags, String legalBasis, String department,
                        String contact, LocalDate publicationDate, LocalDate deadline, long periodDays,
                        String shortenedPeriodReason, Instant opensAt, Instant closesAt, List<Attachment> attachments,
                        ConsultationStatus status, long version, Instant openedAt, Instant closedAt,
                        Instant resultsPublishedAt, Abandonment abandonment, List<RevisionFlag> revisionFlags) {

    static ConsultationView of(Consultation c) {
        return new ConsultationView(c.id(), c.caseNumber(), c.title(), c.summary(), c.planId(), c.targets(), c.tags(),
                c.legalBasis(), c.department(), c.contact(), c.publicationDate(), c.deadline(),
                ConsultationPeriod.days(c.publicationDate(), c.deadline()), c.shortenedPeriodReason(), c.opensAt(),
                c.closesAt(), c.attachments(), c.status(), c.version(), c.openedAt(), c.closedAt(),
                c.resultsPublishedAt(), c.abandonment(), c.revisionFlags());
    }
}
