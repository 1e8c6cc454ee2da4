package jp.renkei.consultation.cases;

import java.time.LocalDate;
import java.util.List;
import jp.renkei.contracts.consultation.ConsultationTarget;

/** What staff give to create a consultation; it starts as DRAFT and opens by itself on the publication date. */
public record NewConsultation(String title, String summary, String planId, List<ConsultationTarget> targets,
                              String legalBasis, String department, String contact, LocalDate publicationDate,
                              LocalDate deadline, String shortenedPeriodReason, List<Attachment> attachments) {
}
