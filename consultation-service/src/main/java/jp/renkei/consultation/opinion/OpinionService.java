package jp.renkei.consultation.opinion;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jp.renkei.consultation.cases.Consultation;
import jp.renkei.consultation.cases.ConsultationService;
import jp.renkei.consultation.participation.Contribution;
import jp.renkei.consultation.participation.ParticipationService;
import jp.renkei.consultation.refusal.StateConflictException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Takes opinions while a consultation is open. Everything is checked before anything is written; the submitter is
 * sealed into the vault before the opinion is inserted, so an opinion never exists without its submitter (an
 * interrupted submission leaves at most a sealed record no opinion points to, which its retry overwrites).
 *
 * <p>With an {@code Idempotency-Key}, the opinion's id is derived from the consultation and the key: a retry finds
 * the stored opinion and gets the same receipt; the same key with a different submission is refused.
 *
 * <p>Each opinion counts in the participation tally of its measures and fiscal year: announced before it is stored
 * and counted after, so that an interruption in between never loses nor doubles the count ({@link ParticipationService}).
 */
@Service
public class OpinionService {

    private final ConsultationService consultations;
    private final OpinionStore opinions;
    private final SubmitterVault vault;
    private final PersonalDataCipher cipher;
    private final OpinionRules rules;
    private final ParticipationService participation;
    private final JsonMapper json;
    private final Clock clock;

    OpinionService(ConsultationService consultations, OpinionStore opinions, SubmitterVault vault,
                   PersonalDataCipher cipher, OpinionProperties properties, ParticipationService participation,
                   JsonMapper json, Clock clock) {
        this.consultations = consultations;
        this.opinions = opinions;
        this.vault = vault;
        this.cipher = cipher;
        this.rules = new OpinionRules(properties);
        this.participation = participation;
        this.json = json;
        this.clock = clock;
    }

    public Receipt submit(String consultationId, String idempotencyKey, NewOpinion request) {
        Consultation consultation = consultations.get(consultationId);
        Instant now = clock.instant();
        if (!consultation.acceptsOpinionsAt(now)) {
            throw new StateConflictException("consultation-not-open", "Not taking opinions", "status",
                    "consultation " + consultation.caseNumber() + " is not open for opinions",
                    Map.of("currentStatus", consultation.status().name()));
        }
        rules.check(consultation.measureIds(), request);
        Submitter submitter = request.submitter() == null ? new Submitter(null, null, null, null) : request.submitter();
        String requestHash = cipher.fingerprint(json.writeValueAsString(request));
        String opinionId = idempotencyKey == null ? UUID.randomUUID().toString() : derivedId(consultationId, idempotencyKey);
        if (idempotencyKey != null) {
            var earlier = opinions.find(opinionId);
            if (earlier.isPresent()) {
                return replay(earlier.get(), requestHash, consultation);
            }
        }
        long receiptNumber = consultations.nextReceiptNumber(consultationId);
        List<String> measureIds = request.measureId() != null ? List.of(request.measureId()) : consultation.measureIds();
        Opinion opinion = new Opinion(opinionId, consultationId,
                String.format("%s-%05d", consultation.caseNumber(), receiptNumber), receiptNumber, measureIds,
                request.sectionId(), request.itemId(), request.text(), now, requestHash, null, null, null, null, null, 1,
                List.of());
        Contribution contribution = Contribution.opinion(opinionId, consultation.planId(), measureIds, now);
        participation.reserve(contribution);
        try {
            vault.store(opinionId, consultationId, requestHash, submitter, now);
        } catch (DuplicateKeyException sameKeyOtherSubmission) {
            throw keyReused();
        }
        if (!opinions.insert(opinion)) {
            return replay(opinions.find(opinionId).orElseThrow(), requestHash, consultation);
        }
        participation.count(contribution);
        return new Receipt(consultationId, opinion.receipt(), now, false);
    }

    /** The receipt of an opinion stored before; its count too, should the first attempt have stopped short of it. */
    private Receipt replay(Opinion earlier, String requestHash, Consultation consultation) {
        if (!earlier.requestHash().equals(requestHash)) {
            throw keyReused();
        }
        participation.count(Contribution.opinion(earlier.id(), consultation.planId(), earlier.measureIds(),
                earlier.submittedAt()));
        return new Receipt(earlier.consultationId(), earlier.receipt(), earlier.submittedAt(), true);
    }

    private static StateConflictException keyReused() {
        return new StateConflictException("idempotency-key-reused", "Idempotency-Key already used", "Idempotency-Key",
                "this Idempotency-Key was used for a different submission", Map.of());
    }

    static String derivedId(String consultationId, String idempotencyKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((consultationId + "\n" + idempotencyKey).getBytes(StandardCharsets.UTF_8));
            return "k-" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
