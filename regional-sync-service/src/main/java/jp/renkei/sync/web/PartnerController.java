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
import java.util.Map;
import java.util.UUID;
import jp.renkei.contracts.webhooks.WebhookSignature;
import jp.renkei.support.web.InvalidFieldException;
import jp.renkei.support.web.SingleLine;
import jp.renkei.sync.SyncProperties;
import jp.renkei.sync.delivery.BreakerStates;
import jp.renkei.sync.delivery.DeliveryTopic;
import jp.renkei.sync.partner.WebhookUrlGuard;
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
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Partners and their webhook endpoints. A partner id in the path is the unit of ownership: the gateway's tokens let
 * a partner reach only its own.
 */
@RestController
@Validated
@RequestMapping("/partners")
class PartnerController {

    /** How long the previous secret is still signed with after a rotation. */
    private static final Duration ROTATION_OVERLAP = Duration.ofHours(24);
    private static final int SECRET_BYTES = 32;

    private final PartnerDirectory directory;
    private final DeliveryTopic topic;
    private final WebhookUrlGuard urlGuard;
    private final Clock clock;
    private final BreakerStates breakers;
    private final SyncProperties.Limits limits;
    private final SecureRandom random = new SecureRandom();

    PartnerController(PartnerDirectory directory, DeliveryTopic topic, WebhookUrlGuard urlGuard,
                      Clock clock, SyncProperties properties, BreakerStates breakers) {
        this.breakers = breakers;
        this.limits = properties.limits();
        this.directory = directory;
        this.topic = topic;
        this.urlGuard = urlGuard;
        this.clock = clock;
    }

    @GetMapping
    List<Partner> partners() {
        return directory.partners();
    }

    /** An operator registers a partner municipality or body; its subscriptions and endpoints follow. */
    @PostMapping
    ResponseEntity<Partner> addPartner(@Valid @RequestBody PartnerRequest request) {
        Partner partner = new Partner(request.id(), request.name(), request.nameEn(), request.kind(),
                request.description());
        if (!directory.addPartner(partner)) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "a partner " + request.id() + " exists");
        }
        return ResponseEntity.created(URI.create("/partners/" + partner.id())).body(partner);
    }

    @GetMapping("/{partnerId}")
    PartnerView partner(@PathVariable @Pattern(regexp = Ids.PARTNER) String partnerId) {
        Partner partner = PartnerLookup.existing(directory, partnerId);
        return new PartnerView(partner, views(directory.endpointsOf(partnerId)),
                directory.subscriptionsOf(partnerId).stream().map(SubscriptionController.SubscriptionView::of).toList());
    }

    @GetMapping("/{partnerId}/endpoints")
    List<EndpointView> endpoints(@PathVariable @Pattern(regexp = Ids.PARTNER) String partnerId) {
        PartnerLookup.existing(directory, partnerId);
        return views(directory.endpointsOf(partnerId));
    }

    /** Registers a webhook endpoint; the answer carries its signing secret, which is never shown again. */
    @PostMapping("/{partnerId}/endpoints")
    ResponseEntity<NewEndpoint> addEndpoint(@PathVariable @Pattern(regexp = Ids.PARTNER) String partnerId,
                                            @Valid @RequestBody EndpointRequest request) {
        PartnerLookup.existing(directory, partnerId);
        try {
            urlGuard.check(request.url());
        } catch (WebhookUrlGuard.RefusedWebhookUrlException refused) {
            throw new InvalidFieldException("url", refused.getMessage());
        }
        int endpoints = directory.endpointsOf(partnerId).size();
        if (endpoints >= limits.endpointsPerPartner()) {
            throw new LimitExceededException(HttpStatus.CONFLICT, null, "endpoints-per-partner",
                    limits.endpointsPerPartner(), null, "partner " + partnerId + " has " + endpoints
                    + " endpoints, the most allowed; remove one first");
        }
        String secret = WebhookSignature.newSecret(random, SECRET_BYTES);
        Endpoint endpoint = Endpoint.create(partnerId + "-" + UUID.randomUUID().toString().substring(0, 8), partnerId,
                request.url(), secret, clock.instant());
        directory.addEndpoint(endpoint);
        return ResponseEntity.created(URI.create("/partners/" + partnerId + "/endpoints/" + endpoint.id()))
                .body(new NewEndpoint(view(endpoint), secret));
    }

    /** A new secret, shown once; requests are signed with both for a day, so the partner can switch in between. */
    @PostMapping("/{partnerId}/endpoints/{endpointId}/rotate-secret")
    NewEndpoint rotateSecret(@PathVariable @Pattern(regexp = Ids.PARTNER) String partnerId,
                             @PathVariable @Pattern(regexp = Ids.ENDPOINT) String endpointId) {
        Endpoint endpoint = PartnerLookup.endpointInPath(directory, partnerId, endpointId);
        String secret = WebhookSignature.newSecret(random, SECRET_BYTES);
        Instant until = clock.instant().plus(ROTATION_OVERLAP);
        directory.rotateSecret(endpointId, secret, endpoint.secret(), until);
        topic.changed(endpointId, "rotate-secret");
        return new NewEndpoint(view(PartnerLookup.endpointInPath(directory, partnerId, endpointId)), secret);
    }

    @PostMapping("/{partnerId}/endpoints/{endpointId}/pause")
    EndpointView pause(@PathVariable @Pattern(regexp = Ids.PARTNER) String partnerId,
                       @PathVariable @Pattern(regexp = Ids.ENDPOINT) String endpointId) {
        PartnerLookup.endpointInPath(directory, partnerId, endpointId);
        directory.setEnabled(endpointId, false);
        topic.changed(endpointId, "pause");
        return view(PartnerLookup.endpointInPath(directory, partnerId, endpointId));
    }

    /** Resumes a paused endpoint, or one disabled after 410 or days of failures; what waited goes out in order. */
    @PostMapping("/{partnerId}/endpoints/{endpointId}/resume")
    EndpointView resume(@PathVariable @Pattern(regexp = Ids.PARTNER) String partnerId,
                        @PathVariable @Pattern(regexp = Ids.ENDPOINT) String endpointId) {
        PartnerLookup.endpointInPath(directory, partnerId, endpointId);
        directory.setEnabled(endpointId, true);
        topic.changed(endpointId, "resume");
        return view(PartnerLookup.endpointInPath(directory, partnerId, endpointId));
    }

    record PartnerRequest(@NotBlank @Pattern(regexp = Ids.PARTNER) String id,
                          @NotBlank @Size(max = 200) @SingleLine String name,
                          @Size(max = 200) @SingleLine String nameEn, @Size(max = 100) @SingleLine String kind,
                          @Size(max = 2000) String description) {
    }

    /**
     * At most {@code deliveriesPerSecond} deliveries a second to the endpoint, so that the partner's server is not
     * flooded by a burst; null lifts the limit. The partner may set it for its own endpoint, as may an operator.
     */
    @PutMapping("/{partnerId}/endpoints/{endpointId}/throttle")
    EndpointView throttle(@PathVariable @Pattern(regexp = Ids.PARTNER) String partnerId,
                          @PathVariable @Pattern(regexp = Ids.ENDPOINT) String endpointId,
                          @Valid @RequestBody ThrottleRequest request) {
        PartnerLookup.endpointInPath(directory, partnerId, endpointId);
        directory.throttle(endpointId, request.deliveriesPerSecond());
        topic.changed(endpointId, "throttle");
        return view(PartnerLookup.endpointInPath(directory, partnerId, endpointId));
    }

    record EndpointRequest(@NotBlank @Size(max = 2000) String url) {
    }

    record ThrottleRequest(@Min(1) @Max(1000) Integer deliveriesPerSecond) {
    }

    private List<EndpointView> views(List<Endpoint> endpoints) {
        Map<String, BreakerStates.BreakerState> states = breakers.of(endpoints.stream().map(Endpoint::id).toList());
        return endpoints.stream().map(endpoint -> EndpointView.of(endpoint, states.get(endpoint.id()))).toList();
    }

    private EndpointView view(Endpoint endpoint) {
        return views(List.of(endpoint)).get(0);
    }

    /**
     * An endpoint as the API shows it: never its secret.
     *
     * @param breaker its circuit breaker as the instance sending to it last saw it; null before anything was sent
     */
    record EndpointView(String id, String url, boolean enabled, String disabledReason, Instant failingSince,
                        Instant createdAt, Instant previousSecretValidUntil, Integer maxDeliveriesPerSecond,
                        BreakerStates.BreakerState breaker) {
        static EndpointView of(Endpoint endpoint, BreakerStates.BreakerState breaker) {
            return new EndpointView(endpoint.id(), endpoint.url(), endpoint.enabled(), endpoint.disabledReason(),
                    endpoint.failingSince(), endpoint.createdAt(), endpoint.previousSecretUntil(),
                    endpoint.maxDeliveriesPerSecond(), breaker);
        }
    }

    /** The one answer that carries a secret. */
    record NewEndpoint(EndpointView endpoint, String secret) {
    }

    record PartnerView(Partner partner, List<EndpointView> endpoints,
                       List<SubscriptionController.SubscriptionView> subscriptions) {
    }
}
