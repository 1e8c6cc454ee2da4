package jp.renkei.consultation.moderation;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import jp.renkei.consultation.cases.AuditEntry;
import jp.renkei.consultation.cases.Consultation;
import jp.renkei.consultation.cases.ConsultationService;
import jp.renkei.consultation.cases.ConsultationStatus;
import jp.renkei.consultation.opinion.CityResponse;
import jp.renkei.consultation.opinion.HideReason;
import jp.renkei.consultation.opinion.Hiding;
import jp.renkei.consultation.opinion.Opinion;
import jp.renkei.consultation.opinion.OpinionGroup;
import jp.renkei.consultation.opinion.OpinionStore;
import jp.renkei.consultation.opinion.Outcome;
import jp.renkei.consultation.opinion.Submitter;
import jp.renkei.consultation.opinion.SubmitterVault;
import jp.renkei.consultation.privacy.PersonalDataLifecycle;
import jp.renkei.consultation.refusal.InvalidFieldException;
import jp.renkei.consultation.refusal.NotFoundException;
import jp.renkei.consultation.refusal.StateConflictException;
import org.springframework.stereotype.Service;

/**
 * What moderators do with opinions: hide with a reason, redact a passage, summarise, group similar ones and write the
 * city's view with an outcome. Each action is one conditional update of the opinion (or group) that also appends
 * its audit entry, so no action is ever without its entry. Audit details name what was done, never the text removed
 * nor any personal data. Reading a submitter's personal data is an action too, and is audited.
 */
@Service
public class ModerationService {

    static final String REDACTED = "［削除］";
    private static final int ATTEMPTS = 5;

    private final ConsultationService consultations;
    private final OpinionStore opinions;
    private final SubmitterVault vault;
    private final PersonalDataLifecycle lifecycle;
    private final Clock clock;

    ModerationService(ConsultationService consultations, OpinionStore opinions, SubmitterVault vault,
                      PersonalDataLifecycle lifecycle, Clock clock) {
        this.lifecycle = lifecycle;
        this.consultations = consultations;
        this.opinions = opinions;
        this.vault = vault;
        this.clock = clock;
    }

    public List<Opinion> opinions(String consultationId) {
        consultations.get(consultationId);
        return opinions.byConsultation(consultationId);
    }

    public List<OpinionGroup> groups(String consultationId) {
        consultations.get(consultationId);
        return opinions.groups(consultationId);
    }

    public Opinion hide(String consultationId, String opinionId, HideReason reason, String note, String actor) {
        return change(consultationId, opinionId, actor, "hidden", reason.name(),
                opinion -> opinion.hide(new Hiding(reason, note, actor, clock.instant())));
    }

    public Opinion redact(String consultationId, String opinionId, String passage, String actor) {
        return change(consultationId, opinionId, actor, "redacted", null, opinion -> {
            if (!opinion.currentText().contains(passage)) {
                throw new InvalidFieldException("passage", "the passage does not occur in the opinion's text");
            }
            return opinion.redacted(opinion.currentText().replace(passage, REDACTED));
        });
    }

    public Opinion summarise(String consultationId, String opinionId, String summary, String actor) {
        return change(consultationId, opinionId, actor, "summarised", null, opinion -> opinion.summarised(summary));
    }

    public Opinion respond(String consultationId, String opinionId, Outcome outcome, String text, String actor) {
        return change(consultationId, opinionId, actor, "responded", outcome.name(),
                opinion -> opinion.answered(new CityResponse(outcome, text, actor, clock.instant())));
    }

    /** Groups opinions under a label; all are checked before any is changed. */
    public OpinionGroup group(String consultationId, String label, List<String> opinionIds, String actor) {
        moderatable(consultationId);
        List<Opinion> members = new ArrayList<>();
        for (int i = 0; i < opinionIds.size(); i++) {
            String opinionId = opinionIds.get(i);
            members.add(opinions.find(opinionId).filter(opinion -> opinion.consultationId().equals(consultationId))
                    .orElseThrow(() -> new InvalidFieldException("opinionIds", "no opinion " + opinionId
                            + " in this consultation")));
        }
        Instant now = clock.instant();
        String groupId = "g-" + UUID.randomUUID().toString().substring(0, 8);
        OpinionGroup group = new OpinionGroup(groupId, consultationId, label, null, 1,
                List.of(new AuditEntry(now, actor, "group-created", groupId, members.size() + " opinions")));
        opinions.insertGroup(group);
        for (Opinion member : members) {
            change(consultationId, member.id(), actor, "grouped", groupId, opinion -> opinion.grouped(groupId));
        }
        return group;
    }

    public OpinionGroup respondToGroup(String consultationId, String groupId, Outcome outcome, String text, String actor) {
        moderatable(consultationId);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            OpinionGroup group = opinions.findGroup(groupId).filter(found -> found.consultationId().equals(consultationId))
                    .orElseThrow(() -> new NotFoundException("no group " + groupId + " in this consultation"));
            Instant now = clock.instant();
            OpinionGroup answered = group.answered(new CityResponse(outcome, text, actor, now));
            if (opinions.updateGroup(answered, group.version(), new AuditEntry(now, actor, "responded", groupId,
                    outcome.name()))) {
                return answered;
            }
        }
        throw concurrentChange(groupId);
    }

    /**
     * The submitter's personal data, for a moderator; the reading itself is audited on the opinion. Fails, and so
     * shows nothing, when the audit entry cannot be written.
     */
    public Submitter submitter(String consultationId, String opinionId, String actor) {
        consultations.get(consultationId);
        Opinion opinion = find(consultationId, opinionId);
        Instant now = clock.instant();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            if (opinions.update(opinion, opinion.version(), new AuditEntry(now, actor, "viewed-personal-data", opinionId,
                    null))) {
                return vault.find(opinionId).orElseThrow(() ->
                        new NotFoundException("no submitter stored for opinion " + opinionId));
            }
            opinion = find(consultationId, opinionId);
        }
        throw concurrentChange(opinionId);
    }

    /**
     * Erases a submitter's personal data at their request (or the law's): audited on the opinion with the reason
     * first, then removed, so no erasure is ever without its entry; the opinion itself stays.
     */
    public void eraseSubmitter(String consultationId, String opinionId, String reason, String actor) {
        consultations.get(consultationId);
        Opinion opinion = find(consultationId, opinionId);
        if (!vault.holds(opinionId)) {
            throw new NotFoundException("no personal data is stored for opinion " + opinionId);
        }
        Instant now = clock.instant();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            if (opinions.update(opinion, opinion.version(), new AuditEntry(now, actor, "erased-personal-data",
                    opinionId, reason))) {
                vault.erase(opinionId);
                return;
            }
            opinion = find(consultationId, opinionId);
        }
        throw concurrentChange(opinionId);
    }

    /** Every staff and moderator action on the consultation and its opinions and groups, oldest first. */
    public List<AuditEntry> audit(String consultationId) {
        List<AuditEntry> entries = new ArrayList<>(consultations.audit(consultationId));
        lifecycle.erasureAudit(consultationId).ifPresent(entries::add);
        opinions.byConsultation(consultationId).forEach(opinion -> entries.addAll(opinion.audit()));
        opinions.groups(consultationId).forEach(group -> entries.addAll(group.audit()));
        entries.sort(Comparator.comparing(AuditEntry::at));
        return entries;
    }

    private Opinion change(String consultationId, String opinionId, String actor, String action, String detail,
                           UnaryOperator<Opinion> step) {
        moderatable(consultationId);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Opinion current = find(consultationId, opinionId);
            Opinion changed = step.apply(current);
            if (opinions.update(changed, current.version(), new AuditEntry(clock.instant(), actor, action, opinionId,
                    detail))) {
                return changed;
            }
        }
        throw concurrentChange(opinionId);
    }

    private Opinion find(String consultationId, String opinionId) {
        return opinions.find(opinionId).filter(opinion -> opinion.consultationId().equals(consultationId))
                .orElseThrow(() -> new NotFoundException("no opinion " + opinionId + " in this consultation"));
    }

    /** Opinions are moderated while the consultation is open or closed; a published result is final. */
    private void moderatable(String consultationId) {
        Consultation consultation = consultations.get(consultationId);
        if (consultation.status() != ConsultationStatus.OPEN && consultation.status() != ConsultationStatus.CLOSED) {
            throw new StateConflictException("not-moderatable", "Not open to moderation", "status",
                    "opinions of a consultation in status " + consultation.status() + " no longer change",
                    Map.of("currentStatus", consultation.status().name()));
        }
    }

    private static StateConflictException concurrentChange(String id) {
        return new StateConflictException("concurrent-change", "Changed concurrently", null,
                id + " changed while this request was applied; try again", Map.of());
    }
}
