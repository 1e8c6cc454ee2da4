package jp.renkei.sync.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import jp.renkei.contracts.webhooks.WebhookSignature;
import jp.renkei.sync.delivery.Delivery;
import jp.renkei.sync.delivery.DeliveryDispatcher;
import jp.renkei.sync.delivery.DeliveryStore;
import jp.renkei.sync.delivery.WebhookUrlGuard;
import jp.renkei.sync.partner.Endpoint;
import jp.renkei.sync.partner.Partner;
import jp.renkei.sync.partner.PartnerDirectory;
import jp.renkei.sync.partner.Subscription;
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

/**
 * Partners, their webhook endpoints and their deliveries. A partner id in the path is the unit of ownership: the
 * gateway issue's tokens will let a partner reach only its own.
 */
@RestController
@Validated
@RequestMapping("/partners")
class PartnerController {

    private static final String PARTNER_ID = "[a-z0-9][a-z0-9-]{0,63}";
    /** How long the previous secret is still signed with after a rotation. */
    private static final Duration ROTATION_OVERLAP = Duration.ofHours(24);

    private final PartnerDirectory directory;
    private final DeliveryStore deliveries;
    private final DeliveryDispatcher dispatcher;
    private final WebhookUrlGuard urlGuard;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    PartnerController(PartnerDirectory directory, DeliveryStore deliveries, DeliveryDispatcher dispatcher,
                      WebhookUrlGuard urlGuard, Clock clock) {
        this.directory = directory;
        this.deliveries = deliveries;
        this.dispatcher = dispatcher;
        this.urlGuard = urlGuard;
        this.clock = clock;
    }

    @GetMapping
    List<Partner> partners() {
        return directory.partners();
    }

    @GetMapping("/{partnerId}")
    PartnerView partner(@PathVariable @Pattern(regexp = PARTNER_ID) String partnerId) {
        Partner partner = existing(partnerId);
        return new PartnerView(partner, directory.endpointsOf(partnerId).stream().map(EndpointView::of).toList(),
                directory.subscriptionsOf(partnerId));
    }

    /** Registers a webhook endpoint; the answer carries its signing secret, which is never shown again. */
    @PostMapping("/{partnerId}/endpoints")
    ResponseEntity<NewEndpoint> addEndpoint(@PathVariable @Pattern(regexp = PARTNER_ID) String partnerId,
                                            @Valid @RequestBody EndpointRequest request) {
        existing(partnerId);
        try {
            urlGuard.check(request.url());
        } catch (WebhookUrlGuard.RefusedWebhookUrlException refused) {
            throw new InvalidFieldException("url", refused.getMessage());
        }
        String secret = WebhookSignature.newSecret(random, 32);
        Endpoint endpoint = new Endpoint(partnerId + "-" + UUID.randomUUID().toString().substring(0, 8), partnerId,
                request.url(), secret, true, clock.instant());
        directory.addEndpoint(endpoint);
        return ResponseEntity.created(URI.create("/partners/" + partnerId + "/endpoints/" + endpoint.id()))
                .body(new NewEndpoint(EndpointView.of(endpoint), secret));
    }

    /** A new secret, shown once; requests are signed with both for a day, so the partner can switch in between. */
    @PostMapping("/{partnerId}/endpoints/{endpointId}/rotate-secret")
    NewEndpoint rotateSecret(@PathVariable @Pattern(regexp = PARTNER_ID) String partnerId,
                             @PathVariable @Pattern(regexp = "[a-z0-9-]{1,80}") String endpointId) {
        Endpoint endpoint = endpointOf(partnerId, endpointId);
        String secret = WebhookSignature.newSecret(random, 32);
        Instant until = clock.instant().plus(ROTATION_OVERLAP);
        directory.rotateSecret(endpointId, secret, endpoint.secret(), until);
        return new NewEndpoint(EndpointView.of(endpointOf(partnerId, endpointId)), secret);
    }

    @PostMapping("/{partnerId}/endpoints/{endpointId}/pause")
    EndpointView pause(@PathVariable @Pattern(regexp = PARTNER_ID) String partnerId,
                       @PathVariable @Pattern(regexp = "[a-z0-9-]{1,80}") String endpointId) {
        endpointOf(partnerId, endpointId);
        directory.setEnabled(endpointId, false);
        return EndpointView.of(endpointOf(partnerId, endpointId));
    }

    @PostMapping("/{partnerId}/endpoints/{endpointId}/resume")
    EndpointView resume(@PathVariable @Pattern(regexp = PARTNER_ID) String partnerId,
                        @PathVariable @Pattern(regexp = "[a-z0-9-]{1,80}") String endpointId) {
        endpointOf(partnerId, endpointId);
        directory.setEnabled(endpointId, true);
        dispatcher.dispatchSoon();
        return EndpointView.of(endpointOf(partnerId, endpointId));
    }

    @GetMapping("/{partnerId}/deliveries")
    List<DeliveryView> deliveries(@PathVariable @Pattern(regexp = PARTNER_ID) String partnerId,
                                  @RequestParam(required = false) Delivery.DeliveryStatus status,
                                  @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        existing(partnerId);
        return deliveries.ofPartner(partnerId, status, limit).stream().map(DeliveryView::of).toList();
    }

    /** Sends a delivery again now, failed or not; the partner de-duplicates on its webhook-id. */
    @PostMapping("/{partnerId}/deliveries/{deliveryId}/retry")
    ResponseEntity<Void> retry(@PathVariable @Pattern(regexp = PARTNER_ID) String partnerId,
                               @PathVariable @Size(max = 300) String deliveryId) {
        if (!deliveries.retryNow(partnerId, deliveryId, clock.instant())) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "partner " + partnerId + " has no delivery "
                    + deliveryId);
        }
        dispatcher.dispatchSoon();
        return ResponseEntity.accepted().build();
    }

    private Partner existing(String partnerId) {
        return directory.partner(partnerId)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no partner " + partnerId));
    }

    private Endpoint endpointOf(String partnerId, String endpointId) {
        return directory.endpoint(endpointId).filter(endpoint -> endpoint.partnerId().equals(partnerId))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                        "partner " + partnerId + " has no endpoint " + endpointId));
    }

    record EndpointRequest(@NotBlank @Size(max = 2000) String url) {
    }

    /** An endpoint as the API shows it: never its secret. */
    record EndpointView(String id, String url, boolean enabled, Instant createdAt, Instant previousSecretValidUntil) {
        static EndpointView of(Endpoint endpoint) {
            return new EndpointView(endpoint.id(), endpoint.url(), endpoint.enabled(), endpoint.createdAt(),
                    endpoint.previousSecretUntil());
        }
    }

    /** The one answer that carries a secret. */
    record NewEndpoint(EndpointView endpoint, String secret) {
    }

    record PartnerView(Partner partner, List<EndpointView> endpoints, List<Subscription> subscriptions) {
    }

    record DeliveryView(String id, String endpointId, String eventId, String eventType, String subject, long sequence,
                        String status, int attempts, Instant nextAttemptAt, Instant createdAt, Instant deliveredAt,
                        Integer lastStatusCode, String lastError) {
        static DeliveryView of(Delivery delivery) {
            return new DeliveryView(delivery.id(), delivery.endpointId(), delivery.eventId(), delivery.eventType(),
                    delivery.subject(), delivery.sequence(), delivery.status().name(), delivery.attempts(),
                    delivery.nextAttemptAt(), delivery.createdAt(), delivery.deliveredAt(), delivery.lastStatusCode(),
                    delivery.lastError());
        }
    }
}
