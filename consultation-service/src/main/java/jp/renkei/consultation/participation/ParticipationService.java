package jp.renkei.consultation.participation;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import jp.renkei.consultation.catalog.MeasureCatalog;
import jp.renkei.messaging.outbox.OutboxEvent;
import jp.renkei.messaging.outbox.OutboxRelay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Counts opinions and hearing records per measure and fiscal year as they are accepted, into one tally document per
 * measure and year that carries its {@code participation-tallied} event: the count is never recomputed from the
 * opinions or hearing records (collections that grow with history).
 *
 * <p>A contribution and its count are two documents, so it goes in two steps: {@link #reserve} before the opinion
 * or record is stored, {@link #count} after. A request that returned 2xx has counted (or, when its tally was too
 * busy, left a reservation the sweep counts); a request interrupted between the two left a reservation that the
 * {@link #settle sweep} counts if the contribution was stored and drops if it never was. Counting is idempotent
 * per contribution, so a retry, a replayed submission and the sweep never count one twice.
 *
 * <p>What counts: every opinion received (hidden ones too: moderation decides what is published, not what was
 * received) and every hearing record, by the 年度 of its submission or of its date; what the city's report
 * ({@code /hearings/report}) shows for the same year.
 */
@Service
public class ParticipationService {

    private static final Logger log = LoggerFactory.getLogger(ParticipationService.class);
    /** Concurrent counts of one tally to wait out before leaving the count to the sweep. */
    private static final int ATTEMPTS = 8;

    private final ParticipationStore store;
    private final ParticipationEvents events;
    private final MeasureCatalog catalog;
    private final OutboxRelay relay;
    private final ParticipationProperties properties;
    private final Clock clock;

    ParticipationService(ParticipationStore store, ParticipationEvents events, MeasureCatalog catalog,
                         OutboxRelay relay, ParticipationProperties properties, Clock clock) {
        this.store = store;
        this.events = events;
        this.catalog = catalog;
        this.relay = relay;
        this.properties = properties;
        this.clock = clock;
    }

    /** Announces a contribution about to be stored, in every tally it will count in. */
    public void reserve(Contribution contribution) {
        Tally.Reservation reservation = new Tally.Reservation(contribution.key(), contribution.kind(),
                contribution.documentId(), clock.instant());
        for (String measureId : contribution.measureIds()) {
            store.reserve(Tally.id(contribution.planId(), measureId, contribution.fiscalYear()), contribution.planId(),
                    measureId, contribution.fiscalYear(), reservation);
        }
    }

    /** Counts a stored contribution in each of its tallies where it is announced and not counted yet. */
    public void count(Contribution contribution) {
        contribution.tallyIds().forEach(tallyId -> countIn(tallyId, contribution.kind(), contribution.key()));
    }

    /**
     * Settles the reservations an interrupted request left: counts those whose contribution is stored (in the tally
     * it belongs to) and drops those whose contribution was never stored once they are old enough that no request
     * can still be storing it.
     */
    @Scheduled(fixedDelayString = "${renkei.consultation.participation.sweep-interval:30s}",
            initialDelayString = "${renkei.consultation.participation.sweep-interval:30s}")
    public void settle() {
        try {
            Instant abandonedBefore = clock.instant().minus(properties.abandonAfter());
            for (Tally tally : store.withReservations()) {
                for (Tally.Reservation reservation : tally.reservations()) {
                    Optional<Contribution> stored = store.stored(reservation, tally.planId());
                    if (stored.isPresent() && stored.get().tallyIds().contains(tally.id())) {
                        countIn(tally.id(), reservation.kind(), reservation.key());
                    } else if (stored.isPresent() || reservation.at().isBefore(abandonedBefore)) {
                        log.info("dropped the reservation of {} in {}: {}", reservation.key(), tally.id(),
                                stored.isPresent() ? "it was stored for another measure or year" : "it was never stored");
                        store.drop(tally.id(), reservation.key());
                    }
                }
            }
        } catch (RuntimeException e) {
            log.warn("settling participation reservations failed, will retry: {}", e.toString());
        }
    }

    private void countIn(String tallyId, Contribution.Kind kind, String key) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Optional<Tally> found = store.find(tallyId);
            if (found.isEmpty() || !found.get().reserved(key)) {
                return; // counted already, or never announced (stored before tallies existed): nothing to count
            }
            Tally before = found.get();
            Tally after = before.counting(kind, key, clock.instant());
            OutboxEvent event = events.tallied(after, catalog.find(after.planId(), after.measureId()).orElse(null));
            if (store.count(before, after, key, event)) {
                relay.relaySoon(tallyId);
                return;
            }
        }
        log.debug("tally {} is busy; the sweep counts {}", tallyId, key);
    }
}
