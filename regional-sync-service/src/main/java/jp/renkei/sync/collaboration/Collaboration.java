package jp.renkei.sync.collaboration;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import jp.renkei.contracts.events.SyncEventTypes;
import jp.renkei.contracts.sync.ResponseAnswered;
import jp.renkei.contracts.sync.ResponseSubmitted;
import jp.renkei.contracts.sync.ViewRequestSent;
import jp.renkei.messaging.outbox.OutboxEvent;
import jp.renkei.messaging.outbox.OutboxRelay;
import jp.renkei.sync.SyncProperties;
import jp.renkei.sync.event.EventStore;
import jp.renkei.sync.event.RoutedEvent;
import jp.renkei.sync.event.StoredEvent;
import jp.renkei.sync.feed.PartnerFeed;
import jp.renkei.sync.notice.Notices;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Partners answer back: a partner responds to an event it received, the city answers the response, and the city
 * asks named partners for their views (意見照会). Each change is one document written with its event in its outbox
 * (the messaging module's relay publishes it to {@code renkei.collaboration.events}, from where this service's own fan-out
 * delivers it to the partners it is addressed to, like any plan event).
 */
@Service
public class Collaboration {

    /** The most characters (code points) a response's or an answer's text may have. */
    public static final int MAX_TEXT = 4000;
    /** A write that meets this many concurrent writes of the same response in a row gives up (409). */
    private static final int ATTEMPTS = 5;

    private final CollaborationStore store;
    private final PartnerFeed feed;
    private final EventStore events;
    private final PlanCoOwners coOwners;
    private final Notices notices;
    private final OutboxRelay relay;
    private final JsonMapper json;
    private final Clock clock;
    private final String municipalityId;

    Collaboration(CollaborationStore store, PartnerFeed feed, EventStore events, PlanCoOwners coOwners,
                  Notices notices, OutboxRelay relay, JsonMapper json, Clock clock, SyncProperties properties) {
        this.notices = notices;
        this.store = store;
        this.feed = feed;
        this.events = events;
        this.coOwners = coOwners;
        this.relay = relay;
        this.json = json;
        this.clock = clock;
        this.municipalityId = properties.municipalityId();
    }

    /** @param section the part of the measure concerned, or null */
    public record ResponseCommand(ResponseKind kind, String text, String section) {
    }

    /** @param created true for a first response, false for a change of one */
    public record Responded(PartnerResponse response, boolean created) {
    }

    /**
     * The partner's response to an event it received, or a change of its earlier one.
     *
     * @return empty when the partner never received the event (nothing is stored)
     * @throws ConcurrentChangeException when other writes of the same response kept coming first
     */
    public Optional<Responded> respond(String partnerId, String eventId, ResponseCommand command) {
        if (!feed.contains(partnerId, eventId)) {
            return Optional.empty();
        }
        Optional<StoredEvent> received = events.findAll(List.of(eventId)).stream().findFirst();
        if (received.isEmpty()) {
            return Optional.empty();
        }
        Target target = Target.of(received.get(), json);
        String id = PartnerResponse.idOf(partnerId, eventId);
        if (target.measureId() != null) {
            store.listUnderMeasure(target.planId(), target.measureId(), id, target.version());
        }
        notices.expect(CollaborationStore.RESPONSES, id);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Instant now = clock.instant();
            Optional<PartnerResponse> existing = store.response(id);
            Responded responded;
            if (existing.isEmpty()) {
                PartnerResponse response = new PartnerResponse(id, partnerId, eventId, received.get().type(),
                        target.planId(), target.measureId(), target.version(), command.kind(), command.section(),
                        command.text(), target.viewRequestId(), 1, now, null, 1, PartnerResponse.versionKey(id, 1),
                        List.of());
                response = withOutbox(response, submitted(response));
                if (!store.insert(response)) {
                    continue;
                }
                responded = new Responded(response, true);
            } else {
                PartnerResponse before = existing.get();
                PartnerResponse after = new PartnerResponse(id, partnerId, eventId, before.eventType(),
                        before.planId(), before.measureId(), before.version(), command.kind(), command.section(),
                        command.text(), before.viewRequestId(), before.revision() + 1, now, before.answer(),
                        before.changes() + 1, PartnerResponse.versionKey(id, before.changes() + 1), List.of());
                if (!store.change(before, new Update().set("kind", command.kind()).set("text", command.text())
                        .set("section", command.section()).set("revision", after.revision())
                        .set("respondedAt", now), submitted(after))) {
                    continue;
                }
                responded = new Responded(after, false);
            }
            relay.relaySoon(notices.keyOf(CollaborationStore.RESPONSES, id));
            return Optional.of(responded);
        }
        throw new ConcurrentChangeException(id);
    }

    /**
     * The city's answer to a response (a second answer replaces the first, and is sent as well).
     *
     * @return empty when there is no such response
     */
    public Optional<PartnerResponse> answer(String responseId, String text, String answeredBy) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<PartnerResponse> existing = store.response(responseId);
            if (existing.isEmpty()) {
                return Optional.empty();
            }
            PartnerResponse before = existing.get();
            PartnerResponse.Answer answer = new PartnerResponse.Answer(text, answeredBy, clock.instant(),
                    before.revision());
            long changes = before.changes() + 1;
            ResponseAnswered data = new ResponseAnswered(before.id(), before.partnerId(), before.eventId(),
                    before.planId(), before.measureId(), before.version(), before.revision(), text, answeredBy,
                    answer.answeredAt(), List.of(before.partnerId()));
            notices.expect(CollaborationStore.RESPONSES, responseId);
            if (store.change(before, new Update().set("answer", answer),
                    event(SyncEventTypes.RESPONSE_ANSWERED, before, changes, answer.answeredAt(), data))) {
                relay.relaySoon(notices.keyOf(CollaborationStore.RESPONSES, responseId));
                return Optional.of(new PartnerResponse(before.id(), before.partnerId(), before.eventId(),
                        before.eventType(), before.planId(), before.measureId(), before.version(), before.kind(),
                        before.section(), before.text(), before.viewRequestId(), before.revision(),
                        before.respondedAt(), answer, changes, PartnerResponse.versionKey(before.id(), changes),
                        List.of()));
            }
        }
        throw new ConcurrentChangeException(responseId);
    }

    /** @param partners partner ids, each one known; at least one */
    public record ViewRequestCommand(String planId, String measureId, long version, String text,
                                     List<String> partners, Instant deadline) {
    }

    /** Sends a request for views to the partners named; it reaches them whatever their subscriptions select. */
    public ViewRequest ask(ViewRequestCommand command, String sentBy) {
        String id = UUID.randomUUID().toString();
        Instant now = clock.instant();
        List<String> partners = command.partners().stream().distinct().toList();
        ViewRequestSent data = new ViewRequestSent(id, command.planId(), command.measureId(), command.version(),
                command.text(), command.deadline(), sentBy, now, partners);
        // the event's id is the request's: a partner answers by responding to it
        OutboxEvent sent = new OutboxEvent(id, SyncEventTypes.VIEW_REQUEST_SENT,
                SyncEventTypes.viewRequestSource(municipalityId), "measures/" + command.measureId(),
                command.planId() + "/" + command.measureId(), 1L, now, json.writeValueAsString(data));
        ViewRequest request = new ViewRequest(id, command.planId(), command.measureId(), command.version(),
                command.text(), partners, command.deadline(), sentBy, now, List.of(sent));
        notices.expect(CollaborationStore.VIEW_REQUESTS, id);
        store.insert(request);
        relay.relaySoon(notices.keyOf(CollaborationStore.VIEW_REQUESTS, id));
        return request;
    }

    /** @param answers per partner asked, its answer, or null */
    public record ViewRequestState(ViewRequest request, Map<String, PartnerResponse> answers, Instant now) {

        public ViewRequest.Standing standingOf(String partnerId) {
            return request.standingOf(answers.get(partnerId), now);
        }
    }

    /** The request and the answers collected: one read by {@code _id} for the request, one by ids for the answers. */
    public Optional<ViewRequestState> viewRequest(String id) {
        return store.viewRequest(id).map(request -> {
            Map<String, PartnerResponse> answers = store.responses(request.partners().stream()
                            .map(partner -> PartnerResponse.idOf(partner, id)).toList()).stream()
                    .collect(Collectors.toMap(PartnerResponse::partnerId, Function.identity()));
            return new ViewRequestState(request, answers, clock.instant());
        });
    }

    /** Every response to events about the measure, or only those about {@code version} when given; oldest first. */
    public List<PartnerResponse> responsesTo(String planId, String measureId, Long version) {
        List<String> ids = store.underMeasure(planId, measureId).stream()
                .filter(entry -> version == null || version.equals(entry.version()))
                .map(CollaborationStore.MeasureEntry::responseId).distinct().toList();
        return store.responses(ids).stream()
                .sorted(java.util.Comparator.comparing(PartnerResponse::respondedAt)).toList();
    }

    public Optional<PartnerResponse> response(String partnerId, String eventId) {
        return store.response(PartnerResponse.idOf(partnerId, eventId));
    }

    private OutboxEvent submitted(PartnerResponse response) {
        List<String> addressedTo = coOwners.of(response.planId()).stream()
                .filter(partner -> !partner.equals(response.partnerId())).toList();
        ResponseSubmitted data = new ResponseSubmitted(response.id(), response.partnerId(), response.eventId(),
                response.eventType(), response.planId(), response.measureId(), response.version(),
                response.kind().name(), response.section(), response.text(), response.viewRequestId(),
                response.revision(), response.respondedAt(), addressedTo);
        return event(SyncEventTypes.RESPONSE_SUBMITTED, response, response.changes(), response.respondedAt(), data);
    }

    /** An event about a response: keyed by its measure, so a measure's collaboration stays in order. */
    private OutboxEvent event(String type, PartnerResponse response, long changes, Instant time, Object data) {
        String key = response.measureId() == null ? response.id() : response.planId() + "/" + response.measureId();
        return new OutboxEvent(UUID.randomUUID().toString(), type, notices.source(response.partnerId()),
                "responses/" + response.id(), key, changes, time, json.writeValueAsString(data));
    }

    private static PartnerResponse withOutbox(PartnerResponse response, OutboxEvent event) {
        return new PartnerResponse(response.id(), response.partnerId(), response.eventId(), response.eventType(),
                response.planId(), response.measureId(), response.version(), response.kind(), response.section(),
                response.text(), response.viewRequestId(), response.revision(), response.respondedAt(),
                response.answer(), response.changes(), response.versionKey(), List.of(event));
    }

    /** What an event responded to concerns: its plan, its one measure and that measure's version, a request. */
    record Target(String planId, String measureId, Long version, String viewRequestId) {

        static Target of(StoredEvent event, JsonMapper json) {
            RoutedEvent routed = RoutedEvent.of(event.toCloudEvent(), json);
            String measureId = routed.measureIds().size() == 1 ? routed.measureIds().iterator().next() : null;
            JsonNode data = json.readTree(event.data());
            Long version = data.path("version").canConvertToLong() && data.path("version").isNumber()
                    ? data.path("version").asLong() : parse(event.sequence());
            String viewRequestId = SyncEventTypes.VIEW_REQUEST_SENT.equals(event.type())
                    ? data.path("viewRequestId").asString(null) : null;
            return new Target(routed.planId(), measureId, version, viewRequestId);
        }

        private static Long parse(String sequence) {
            try {
                return sequence == null ? null : Long.valueOf(sequence);
            } catch (NumberFormatException notNumeric) {
                return null;
            }
        }
    }

    /** Other writes of the same response kept coming first. */
    public static final class ConcurrentChangeException extends RuntimeException {
        ConcurrentChangeException(String responseId) {
            super("response " + responseId + " is being changed by others; read it again and retry");
        }
    }
}
