package jp.renkei.consultation.cases;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import jp.renkei.consultation.catalog.CatalogMeasure;
import jp.renkei.consultation.catalog.MeasureCatalog;
import jp.renkei.consultation.catalog.MeasureRevisionListener;
import jp.renkei.contracts.consultation.ConsultationTarget;
import jp.renkei.consultation.refusal.InvalidFieldException;
import jp.renkei.consultation.refusal.NotFoundException;
import jp.renkei.consultation.refusal.StateConflictException;
import jp.renkei.messaging.outbox.OutboxEvent;
import jp.renkei.messaging.outbox.OutboxRelay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The life of a consultation. Each step is one conditional update of its document (state, event and audit entry
 * together) on the version it was read at; a step that lost a race is read again and retried, or found no longer
 * allowed. That same condition is what keeps two instances' schedulers from opening or closing a case twice.
 */
@Service
public class ConsultationService implements MeasureRevisionListener {

    private static final Logger log = LoggerFactory.getLogger(ConsultationService.class);
    private static final int ATTEMPTS = 5;

    private final ConsultationStore store;
    private final ConsultationEvents events;
    private final MeasureCatalog catalog;
    private final OpinionCounts opinionCounts;
    private final OutboxRelay relay;
    private final Clock clock;

    ConsultationService(ConsultationStore store, ConsultationEvents events, MeasureCatalog catalog,
                        OpinionCounts opinionCounts, OutboxRelay relay, Clock clock) {
        this.store = store;
        this.events = events;
        this.catalog = catalog;
        this.opinionCounts = opinionCounts;
        this.relay = relay;
        this.clock = clock;
    }

    public Consultation create(NewConsultation request, String actor) {
        Instant now = clock.instant();
        if (request.publicationDate().isBefore(LocalDate.ofInstant(now, ConsultationPeriod.JAPAN))) {
            throw new InvalidFieldException("publicationDate", "the publication date is in the past");
        }
        ConsultationPeriod.check(request.publicationDate(), request.deadline(), request.shortenedPeriodReason());
        Set<String> tags = new LinkedHashSet<>();
        Set<Integer> goals = new java.util.HashSet<>();
        Set<String> areas = new java.util.HashSet<>();
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < request.targets().size(); i++) {
            ConsultationTarget target = request.targets().get(i);
            String field = "targets[" + i + "]";
            if (!seen.add(target.measureId())) {
                throw new InvalidFieldException(field + ".measureId", "the measure is targeted twice");
            }
            CatalogMeasure measure = catalog.find(request.planId(), target.measureId()).orElseThrow(() ->
                    new InvalidFieldException(field + ".measureId", "no measure " + target.measureId() + " in plan "
                            + request.planId()));
            if (target.measureVersion() > measure.version()) {
                throw new InvalidFieldException(field + ".measureVersion", "measure " + target.measureId()
                        + " has no version " + target.measureVersion() + " (newest: " + measure.version() + ")");
            }
            tags.addAll(measure.tags());
            goals.add(measure.goalNumber());
            areas.add(measure.areaId());
        }
        String id = UUID.randomUUID().toString();
        Consultation consultation = new Consultation(id, store.nextCaseNumber(request.publicationDate().getYear()),
                request.title(), request.summary(), request.planId(), onlyOne(goals), onlyOne(areas),
                List.copyOf(request.targets()), List.copyOf(tags),
                request.legalBasis(), request.department(), request.contact(), request.publicationDate(),
                request.deadline(), blankToNull(request.shortenedPeriodReason()),
                ConsultationPeriod.opensAt(request.publicationDate()), ConsultationPeriod.closesAt(request.deadline()),
                List.copyOf(request.attachments()), ConsultationStatus.DRAFT, 1, now, actor, null, null, null, null,
                List.of());
        store.insert(consultation, new AuditEntry(now, actor, "created", consultation.caseNumber(), null));
        return openIfDue(consultation, now);
    }

    /**
     * A case whose publication day has come opens as it is created, not on the scheduler's next tick: the public may
     * comment the moment staff say it is published. Should the process stop in between, the scheduler opens it.
     */
    private Consultation openIfDue(Consultation draft, Instant now) {
        if (draft.opensAt().isAfter(now)) {
            return draft;
        }
        Consultation opened = draft.opened(now);
        return tryStep(draft, opened, events::opened) ? opened : get(draft.id());
    }

    public Consultation get(String id) {
        return store.find(id).orElseThrow(() -> new NotFoundException("no consultation " + id));
    }

    public long nextReceiptNumber(String id) {
        return store.nextReceiptNumber(id);
    }

    public List<AuditEntry> audit(String id) {
        return store.audit(id);
    }

    /** The published result as JSON, exactly as it was frozen; empty before results are published. */
    public java.util.Optional<String> results(String id) {
        return store.results(id);
    }

    public List<Consultation> list(ConsultationStatus status) {
        return store.list(status);
    }

    /**
     * Ends a case for good. Only a case the public has seen is announced: a draft's abandonment stays in its audit,
     * since partners never heard of the draft and must not learn of it now.
     */
    public Consultation abandon(String id, String reason, String actor) {
        return change(id, c -> c.abandoned(reason, clock.instant()),
                c -> c.abandonment().previousStatus() == ConsultationStatus.DRAFT ? null
                        : events.abandoned(c, opinionCounts.count(id)),
                c -> new AuditEntry(c.abandonment().at(), actor, "abandoned", c.caseNumber(), reason));
    }

    /** Moves the deadline later (staff's answer to a revision flag, say); the scheduler closes on the new date. */
    public Consultation extend(String id, LocalDate deadline, String reason, String actor) {
        return change(id, c -> c.extended(deadline), c -> null,
                c -> new AuditEntry(clock.instant(), actor, "deadline-extended", c.caseNumber(),
                        "to " + deadline + ": " + reason));
    }

    /** Publishes the result document (frozen as given) and its event in one step; only a CLOSED case has results. */
    public Consultation publishResults(String id, String actor, Function<Consultation, ResultsPublication> results) {
        Instant now = clock.instant();
        Consultation current = get(id);
        Consultation published = current.resultsPublished(now);
        ResultsPublication publication = results.apply(published);
        if (!store.update(published, current.version(), events.resultsPublished(published, publication.counts()),
                new AuditEntry(now, actor, "results-published", published.caseNumber(), null), publication.json())) {
            throw new ConcurrentChangeException(id);
        }
        relay.relaySoon(id);
        return published;
    }

    /** Opens every DRAFT whose publication time has come; the version condition makes each open happen once. */
    public int openDue() {
        int opened = 0;
        Instant now = clock.instant();
        for (Consultation due : store.dueToOpen(now)) {
            if (tryStep(due, due.opened(now), events::opened)) {
                opened++;
            }
        }
        return opened;
    }

    /** Closes every OPEN case past its deadline (one the service was down for has been opened by {@link #openDue} first). */
    public int closeDue() {
        int closed = 0;
        Instant now = clock.instant();
        for (Consultation due : store.dueToClose(now)) {
            if (tryStep(due, due.closed(now), c -> events.closed(c, opinionCounts.count(c.id())))) {
                closed++;
            }
        }
        return closed;
    }

    private boolean tryStep(Consultation before, Consultation after,
                            Function<Consultation, OutboxEvent> event) {
        boolean won = store.update(after, before.version(), event.apply(after),
                new AuditEntry(clock.instant(), "scheduler",
                        after.status() == ConsultationStatus.OPEN ? "opened" : "closed", after.caseNumber(), null), null);
        if (won) {
            relay.relaySoon(after.id());
            log.info("consultation {} ({}) is now {}", after.caseNumber(), after.id(), after.status());
        }
        return won;
    }

    /** Flags each OPEN consultation on the revised measure; repeated or older revisions change nothing. */
    @Override
    public void measureRevised(String planId, String measureId, long version, String eventId) {
        for (Consultation open : store.openTargeting(planId, measureId)) {
            boolean newerThanConsulted = open.targets().stream()
                    .anyMatch(target -> target.measureId().equals(measureId) && target.measureVersion() < version);
            if (!newerThanConsulted) {
                continue;
            }
            change(open.id(), c -> c.status() == ConsultationStatus.OPEN
                            ? c.flagged(new RevisionFlag(measureId, version, eventId, clock.instant())) : c,
                    c -> null, c -> new AuditEntry(clock.instant(), "plan-service", "flagged-revision", measureId,
                            "revised to version " + version));
        }
    }

    private Consultation change(String id, UnaryOperator<Consultation> step,
                                Function<Consultation, OutboxEvent> event,
                                Function<Consultation, AuditEntry> audit) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Consultation current = get(id);
            Consultation changed = step.apply(current);
            if (changed == current) {
                return current;
            }
            OutboxEvent pending = event.apply(changed);
            if (store.update(changed, current.version(), pending, audit.apply(changed), null)) {
                if (pending != null) {
                    relay.relaySoon(id);
                }
                return changed;
            }
        }
        throw new ConcurrentChangeException(id);
    }

    /** The value all targets share, or null: a routing attribute names one goal or area, or none. */
    private static <T> T onlyOne(Set<T> values) {
        return values.size() == 1 ? values.iterator().next() : null;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    /** The consultation kept changing under this request; the caller may try again. */
    public static class ConcurrentChangeException extends StateConflictException {
        ConcurrentChangeException(String id) {
            super("concurrent-change", "Changed concurrently", null,
                    "consultation " + id + " changed while this request was applied; try again", java.util.Map.of());
        }
    }

    /** A published result: the public document as JSON, and the counts for its event. */
    public record ResultsPublication(String json, ResultCounts counts) {
    }
}
