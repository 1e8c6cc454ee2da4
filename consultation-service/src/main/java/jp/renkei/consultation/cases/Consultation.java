package jp.renkei.consultation.cases;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import jp.renkei.consultation.refusal.InvalidFieldException;
import jp.renkei.contracts.consultation.ConsultationTarget;

/**
 * A public comment case (パブリックコメント案件) on one or more measures of one plan, each at the exact version put out
 * for comment.
 *
 * @param goalNumber the goal of the targeted measures when they share one, else null (likewise {@code areaId})
 * @param tags       the targeted measures' tags when the case was created, for routing its events
 * @param opensAt    0:00 JST on the publication date
 * @param closesAt   24:00 JST on the deadline
 * @param version    1 when created, +1 on each change
 */
public record Consultation(String id, String caseNumber, String title, String summary, String planId,
                           Integer goalNumber, String areaId, List<ConsultationTarget> targets, List<String> tags, String legalBasis, String department,
                           String contact, LocalDate publicationDate, LocalDate deadline, String shortenedPeriodReason,
                           Instant opensAt, Instant closesAt, List<Attachment> attachments, ConsultationStatus status,
                           long version, Instant createdAt, String createdBy, Instant openedAt, Instant closedAt,
                           Instant resultsPublishedAt, Abandonment abandonment, List<RevisionFlag> revisionFlags) {

    public List<String> measureIds() {
        return targets.stream().map(ConsultationTarget::measureId).toList();
    }

    public boolean targets(String measureId) {
        return measureIds().contains(measureId);
    }

    /** Takes opinions: OPEN and within the period by the clock (the scheduler may not yet have closed it). */
    public boolean acceptsOpinionsAt(Instant now) {
        return status == ConsultationStatus.OPEN && !now.isBefore(opensAt) && now.isBefore(closesAt);
    }

    public Consultation opened(Instant at) {
        return moved(ConsultationStatus.OPEN, at, closedAt, resultsPublishedAt, abandonment, revisionFlags);
    }

    public Consultation closed(Instant at) {
        return moved(ConsultationStatus.CLOSED, openedAt, at, resultsPublishedAt, abandonment, revisionFlags);
    }

    public Consultation resultsPublished(Instant at) {
        return moved(ConsultationStatus.RESULTS_PUBLISHED, openedAt, closedAt, at, abandonment, revisionFlags);
    }

    public Consultation abandoned(String reason, Instant at) {
        return moved(ConsultationStatus.ABANDONED, openedAt, closedAt, resultsPublishedAt,
                new Abandonment(reason, status, at), revisionFlags);
    }

    /**
     * The same consultation with a later deadline, e.g. after a revision of a targeted measure during the period.
     * Only before it closes; never shorter.
     */
    public Consultation extended(LocalDate newDeadline) {
        if (status != ConsultationStatus.DRAFT && status != ConsultationStatus.OPEN) {
            throw new ForbiddenTransitionException(status, status);
        }
        if (!newDeadline.isAfter(deadline)) {
            throw new InvalidFieldException("deadline", "an extension moves the deadline later than "
                    + deadline);
        }
        return new Consultation(id, caseNumber, title, summary, planId, goalNumber, areaId, targets, tags, legalBasis, department, contact,
                publicationDate, newDeadline, shortenedPeriodReason, opensAt, ConsultationPeriod.closesAt(newDeadline),
                attachments, status, version + 1, createdAt, createdBy, openedAt, closedAt, resultsPublishedAt,
                abandonment, revisionFlags);
    }

    /** The same consultation with the flag added (same status), or this one if the revision is already flagged. */
    public Consultation flagged(RevisionFlag flag) {
        boolean known = revisionFlags.stream().anyMatch(existing -> existing.measureId().equals(flag.measureId())
                && existing.revisedToVersion() >= flag.revisedToVersion());
        if (known) {
            return this;
        }
        List<RevisionFlag> flags = new ArrayList<>(revisionFlags);
        flags.add(flag);
        return new Consultation(id, caseNumber, title, summary, planId, goalNumber, areaId, targets, tags, legalBasis, department, contact,
                publicationDate, deadline, shortenedPeriodReason, opensAt, closesAt, attachments, status, version + 1,
                createdAt, createdBy, openedAt, closedAt, resultsPublishedAt, abandonment, List.copyOf(flags));
    }

    private Consultation moved(ConsultationStatus target, Instant opened, Instant closed, Instant published,
                               Abandonment abandoned, List<RevisionFlag> flags) {
        if (!status.canMoveTo(target)) {
            throw new ForbiddenTransitionException(status, target);
        }
        return new Consultation(id, caseNumber, title, summary, planId, goalNumber, areaId, targets, tags, legalBasis, department, contact,
                publicationDate, deadline, shortenedPeriodReason, opensAt, closesAt, attachments, target, version + 1,
                createdAt, createdBy, opened, closed, published, abandoned, flags);
    }
}
