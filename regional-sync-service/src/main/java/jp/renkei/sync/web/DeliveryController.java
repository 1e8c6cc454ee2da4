package jp.renkei.sync.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import jp.renkei.support.web.InvalidFieldException;
import jp.renkei.sync.SyncProperties;
import jp.renkei.sync.delivery.Delivery;
import jp.renkei.sync.delivery.DeliveryAttempt;
import jp.renkei.sync.delivery.DeliveryStore;
import jp.renkei.sync.delivery.DeliveryTopic;
import jp.renkei.sync.partner.Endpoint;
import jp.renkei.sync.fanout.EventFanOut;
import jp.renkei.sync.partner.PartnerDirectory;
import jp.renkei.sync.partner.PartnerOperations;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** A partner's deliveries: the log of every attempt, and the levers to send again. */
@RestController
@Validated
@RequestMapping("/partners/{partnerId}")
class DeliveryController {

    private final PartnerDirectory directory;
    private final DeliveryStore deliveries;
    private final DeliveryTopic topic;
    private final EventFanOut fanOut;
    private final Clock clock;
    private final PartnerOperations operations;
    private final SyncProperties.Limits limits;

    DeliveryController(PartnerDirectory directory, DeliveryStore deliveries, DeliveryTopic topic,
                       EventFanOut fanOut, Clock clock, PartnerOperations operations, SyncProperties properties) {
        this.operations = operations;
        this.limits = properties.limits();
        this.directory = directory;
        this.deliveries = deliveries;
        this.topic = topic;
        this.fanOut = fanOut;
        this.clock = clock;
    }

    /** Newest first, narrowed by status, endpoint, event type, subject and creation time. */
    @GetMapping("/deliveries")
    List<DeliveryView> list(@PathVariable @Pattern(regexp = Ids.PARTNER) String partnerId,
                            @RequestParam(required = false) Delivery.DeliveryStatus status,
                            @RequestParam(required = false) @Pattern(regexp = Ids.ENDPOINT) String endpointId,
                            @RequestParam(required = false) @Size(max = 200) String eventType,
                            @RequestParam(required = false) @Size(max = 200) String subject,
                            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME)
                            Instant since,
                            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        PartnerLookup.existing(directory, partnerId);
        return deliveries.ofPartner(new DeliveryStore.DeliveryFilter(partnerId, status, endpointId, eventType, subject,
                since), limit).stream().map(DeliveryView::of).toList();
    }

    /** One delivery with every attempt made: when, the answer's status and first KiB, how long it took. */
    @GetMapping("/deliveries/{deliveryId}")
    DeliveryLog one(@PathVariable @Pattern(regexp = Ids.PARTNER) String partnerId,
                    @PathVariable @Size(max = 300) String deliveryId) {
        Delivery delivery = deliveries.findOfPartner(partnerId, deliveryId).orElseThrow(() -> notFound(partnerId,
                deliveryId));
        return new DeliveryLog(DeliveryView.of(delivery), deliveries.attemptsOf(deliveryId).stream()
                .map(AttemptView::of).toList());
    }

    /** Sends a delivery again now with a fresh retry schedule, failed or not; the partner de-duplicates on webhook-id. */
    @PostMapping("/deliveries/{deliveryId}/retry")
    ResponseEntity<Void> retry(@PathVariable @Pattern(regexp = Ids.PARTNER) String partnerId,
                               @PathVariable @Size(max = 300) String deliveryId) {
        Delivery delivery = deliveries.findOfPartner(partnerId, deliveryId)
                .orElseThrow(() -> notFound(partnerId, deliveryId));
        if (!deliveries.retryNow(partnerId, deliveryId, clock.instant())) {
            throw notFound(partnerId, deliveryId);
        }
        // whichever instance owns the endpoint puts it back in line
        topic.changed(delivery.endpointId(), "retry");
        return ResponseEntity.accepted().build();
    }

    /** After an outage: every delivery that failed for good since {@code since} goes out again, in order. */
    @PostMapping("/recover")
    ResponseEntity<Recovered> recover(@PathVariable @Pattern(regexp = Ids.PARTNER) String partnerId,
                                      @Valid @RequestBody RecoverRequest request) {
        PartnerLookup.existing(directory, partnerId);
        Instant now = clock.instant();
        withinReach(request.since(), now, limits.recoverReach(), "recover-reach");
        oftenEnough(partnerId, "recover", now, limits.recoverInterval(), "recover-interval");
        long requeued = deliveries.recoverFailed(partnerId, request.since(), now);
        if (requeued > 0) {
            topic.changed(directory.endpointsOf(partnerId).stream().map(Endpoint::id).toList(), "recover");
        }
        return ResponseEntity.accepted().body(new Recovered(requeued));
    }

    /**
     * Delivers the partner's history again from a point in time, under its current webhook subscriptions: for a
     * partner that lost its own copy. Every event keeps its webhook-id, so a partner that did not lose it
     * de-duplicates.
     */
    @PostMapping("/replay")
    ResponseEntity<Replayed> replay(@PathVariable @Pattern(regexp = Ids.PARTNER) String partnerId,
                                    @Valid @RequestBody ReplayRequest request) {
        PartnerLookup.existing(directory, partnerId);
        if (request.until() != null && !request.until().isAfter(request.since())) {
            throw new InvalidFieldException("until", "must be after since");
        }
        PartnerLookup.endpointInBody(directory, partnerId, request.endpointId());
        Instant now = clock.instant();
        withinReach(request.since(), now, limits.replayReach(), "replay-reach");
        oftenEnough(partnerId, "replay", now, limits.replayInterval(), "replay-interval");
        String replayId = replayId(partnerId, request);
        int created = fanOut.replay(partnerId, request.since(), request.until(), request.endpointId(), replayId);
        return ResponseEntity.accepted().body(new Replayed(replayId, created));
    }

    /**
     * The same window of the same partner and endpoint always has the same replay id, so its deliveries have the same
     * ids: a second replay of it queues nothing that is still queued from the first.
     */
    static String replayId(String partnerId, ReplayRequest request) {
        String window = partnerId + "|" + request.endpointId() + "|" + request.since() + "|" + request.until();
        return UUID.nameUUIDFromBytes(window.getBytes(StandardCharsets.UTF_8)).toString().substring(0, 13)
                .replace("-", "");
    }

    private static void withinReach(Instant since, Instant now, Duration reach, String limit) {
        if (since.isBefore(now.minus(reach))) {
            throw new LimitExceededException(HttpStatus.BAD_REQUEST, "since", limit, reach.toString(), null,
                    "since: may reach back " + reach.toDays() + " days at most, to " + now.minus(reach));
        }
    }

    private void oftenEnough(String partnerId, String operation, Instant now, Duration interval, String limit) {
        operations.tryStart(partnerId, operation, now, interval).ifPresent(allowedAt -> {
            throw new LimitExceededException(HttpStatus.TOO_MANY_REQUESTS, null, limit, interval.toString(),
                    Duration.between(now, allowedAt), "partner " + partnerId + " may " + operation + " once every "
                    + interval.toSeconds() + " s; again from " + allowedAt);
        });
    }

    private static ResponseStatusException notFound(String partnerId, String deliveryId) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "partner " + partnerId + " has no delivery "
                + deliveryId);
    }

    record RecoverRequest(@NotNull Instant since) {
    }

    record ReplayRequest(@NotNull Instant since, Instant until, @Pattern(regexp = Ids.ENDPOINT) String endpointId) {
    }

    record Recovered(long requeued) {
    }

    record Replayed(String replayId, int deliveries) {
    }

    record DeliveryView(String id, String endpointId, String eventId, String eventType, String subject, long sequence,
                        String status, int attempts, Instant nextAttemptAt, Instant createdAt, Instant deliveredAt,
                        Integer lastStatusCode, String lastError, boolean latestOnly, String replayId) {
        static DeliveryView of(Delivery delivery) {
            return new DeliveryView(delivery.id(), delivery.endpointId(), delivery.eventId(), delivery.eventType(),
                    delivery.subject(), delivery.sequence(), delivery.status().name(), delivery.attempts(),
                    delivery.nextAttemptAt(), delivery.createdAt(), delivery.deliveredAt(), delivery.lastStatusCode(),
                    delivery.lastError(), delivery.latestOnly(), delivery.replayId());
        }
    }

    record AttemptView(int attempt, Instant at, Integer statusCode, long durationMillis, String error,
                       String responseExcerpt) {
        static AttemptView of(DeliveryAttempt attempt) {
            return new AttemptView(attempt.attempt(), attempt.at(), attempt.statusCode(), attempt.durationMillis(),
                    attempt.error(), attempt.responseExcerpt());
        }
    }

    record DeliveryLog(DeliveryView delivery, List<AttemptView> attempts) {
    }
}
