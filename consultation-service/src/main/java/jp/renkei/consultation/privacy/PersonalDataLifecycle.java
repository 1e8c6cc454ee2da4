package jp.renkei.consultation.privacy;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import jp.renkei.consultation.cases.AuditEntry;
import jp.renkei.consultation.cases.Consultation;
import jp.renkei.consultation.cases.ConsultationService;
import jp.renkei.consultation.cases.ConsultationStatus;
import jp.renkei.consultation.opinion.PersonalDataProperties;
import jp.renkei.consultation.opinion.SubmitterVault;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps submitters' personal data no longer than needed: once a consultation's results have been published (or it was
 * abandoned) for the configured retention, its submitters' data is erased — the opinions stay, public, without the
 * link to a person — and the erasure is recorded ({@code personal_data_erasures}, keyed by the consultation, so each
 * is done once and shows in the consultation's audit). Also seals records of an earlier key again with the current
 * one, so that a rotated-out key can be dropped. Stateless between runs; two instances doing the same step at once
 * change nothing twice.
 */
@Component
public class PersonalDataLifecycle {

    static final String ERASURES = "personal_data_erasures";
    private static final Logger log = LoggerFactory.getLogger(PersonalDataLifecycle.class);
    private static final int RESEAL_BATCH = 500;

    private final ConsultationService consultations;
    private final SubmitterVault vault;
    private final MongoTemplate mongo;
    private final PersonalDataProperties properties;
    private final Clock clock;

    PersonalDataLifecycle(ConsultationService consultations, SubmitterVault vault, MongoTemplate mongo,
                          PersonalDataProperties properties, Clock clock) {
        this.consultations = consultations;
        this.vault = vault;
        this.mongo = mongo;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${renkei.consultation.personal-data.maintenance-interval:1h}",
            initialDelayString = "${renkei.consultation.personal-data.maintenance-initial-delay:30s}")
    void maintain() {
        try {
            eraseWhatRetentionEnded();
            resealAll();
        } catch (RuntimeException storeUnavailable) {
            log.warn("personal-data maintenance failed, will retry on the next run: {}", storeUnavailable.toString());
        }
    }

    /** Erases the submitters of every case whose retention has ended; how many cases. */
    public int eraseWhatRetentionEnded() {
        Instant now = clock.instant();
        int erased = 0;
        for (Consultation ended : concluded()) {
            Optional<Instant> concludedAt = concludedAt(ended);
            if (concludedAt.isEmpty() || concludedAt.get().plus(properties.retention()).isAfter(now)
                    || mongo.findById(ended.id(), Erasure.class, ERASURES) != null) {
                continue;
            }
            long submitters = vault.eraseConsultation(ended.id());
            mongo.save(new Erasure(ended.id(), now, submitters, "retention of " + properties.retention().toDays()
                    + " days after the consultation concluded"), ERASURES);
            log.info("erased the personal data of {} submitters to consultation {} ({}): retention ended",
                    submitters, ended.caseNumber(), ended.id());
            erased++;
        }
        return erased;
    }

    /** Seals every record of an earlier key again with the current one; how many. */
    public int resealAll() {
        int total = 0;
        for (int resealed = vault.resealWithCurrentKey(RESEAL_BATCH); resealed > 0;
             resealed = vault.resealWithCurrentKey(RESEAL_BATCH)) {
            total += resealed;
        }
        if (total > 0) {
            log.info("sealed {} submitters' records again with the current personal-data key", total);
        }
        return total;
    }

    /** The retention erasure of a consultation as an audit entry, if it happened. */
    public Optional<AuditEntry> erasureAudit(String consultationId) {
        return Optional.ofNullable(mongo.findById(consultationId, Erasure.class, ERASURES)).map(erasure ->
                new AuditEntry(erasure.at(), "retention", "erased-personal-data", erasure.submitters() + " submitters",
                        erasure.reason()));
    }

    private List<Consultation> concluded() {
        return java.util.stream.Stream.concat(consultations.list(ConsultationStatus.RESULTS_PUBLISHED).stream(),
                consultations.list(ConsultationStatus.ABANDONED).stream()).toList();
    }

    private static Optional<Instant> concludedAt(Consultation consultation) {
        if (consultation.status() == ConsultationStatus.RESULTS_PUBLISHED) {
            return Optional.ofNullable(consultation.resultsPublishedAt());
        }
        return Optional.ofNullable(consultation.abandonment()).map(abandonment -> abandonment.at());
    }

    record Erasure(String id, Instant at, long submitters, String reason) {
    }
}
