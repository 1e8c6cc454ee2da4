package jp.renkei.sync.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import jp.renkei.support.web.InvalidFieldException;
import jp.renkei.sync.SyncProperties;
import jp.renkei.sync.partner.PartnerDirectory;
import jp.renkei.sync.partner.Subscription.DeliveryMode;
import jp.renkei.sync.partner.Subscription;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * What a partner receives: subscriptions select events by type (exact, or a prefix ending in {@code *}), plan,
 * goal, area, measure and tag, and deliver them to a webhook endpoint or to the partner's pull feed. A change
 * applies to events that arrive from then on; {@code POST …/replay} sends history again under the new selection.
 */
@RestController
@Validated
@RequestMapping("/partners/{partnerId}/subscriptions")
class SubscriptionController {

    static final String EVENT_TYPE_PATTERN = "\\*|[a-z0-9][a-z0-9.-]{0,199}(\\.\\*)?";

    private final PartnerDirectory directory;
    private final SyncProperties.Limits limits;

    SubscriptionController(PartnerDirectory directory, SyncProperties properties) {
        this.directory = directory;
        this.limits = properties.limits();
    }

    @GetMapping
    List<SubscriptionView> list(@PathVariable @Pattern(regexp = Ids.PARTNER) String partnerId) {
        PartnerLookup.existing(directory, partnerId);
        return directory.subscriptionsOf(partnerId).stream().map(SubscriptionView::of).toList();
    }

    @GetMapping("/{subscriptionId}")
    SubscriptionView one(@PathVariable @Pattern(regexp = Ids.PARTNER) String partnerId,
                         @PathVariable @Pattern(regexp = Ids.SUBSCRIPTION) String subscriptionId) {
        return SubscriptionView.of(existing(partnerId, subscriptionId));
    }

    @PostMapping
    ResponseEntity<SubscriptionView> add(@PathVariable @Pattern(regexp = Ids.PARTNER) String partnerId,
                                         @Valid @RequestBody SubscriptionRequest request) {
        PartnerLookup.existing(directory, partnerId);
        Subscription subscription = validated(partnerId, partnerId + "-" + UUID.randomUUID().toString().substring(0, 8),
                request);
        int subscriptions = directory.subscriptionsOf(partnerId).size();
        if (subscriptions >= limits.subscriptionsPerPartner()) {
            throw new LimitExceededException(HttpStatus.CONFLICT, null, "subscriptions-per-partner",
                    limits.subscriptionsPerPartner(), null, "partner " + partnerId + " has " + subscriptions
                    + " subscriptions, the most allowed; remove one first");
        }
        directory.addSubscription(subscription);
        return ResponseEntity.created(URI.create("/partners/" + partnerId + "/subscriptions/" + subscription.id()))
                .body(SubscriptionView.of(subscription));
    }

    @PutMapping("/{subscriptionId}")
    SubscriptionView replace(@PathVariable @Pattern(regexp = Ids.PARTNER) String partnerId,
                             @PathVariable @Pattern(regexp = Ids.SUBSCRIPTION) String subscriptionId,
                             @Valid @RequestBody SubscriptionRequest request) {
        existing(partnerId, subscriptionId);
        Subscription subscription = validated(partnerId, subscriptionId, request);
        directory.replaceSubscription(subscription);
        return SubscriptionView.of(subscription);
    }

    @DeleteMapping("/{subscriptionId}")
    ResponseEntity<Void> remove(@PathVariable @Pattern(regexp = Ids.PARTNER) String partnerId,
                                @PathVariable @Pattern(regexp = Ids.SUBSCRIPTION) String subscriptionId) {
        if (!directory.removeSubscription(partnerId, subscriptionId)) {
            throw notFound(partnerId, subscriptionId);
        }
        return ResponseEntity.noContent().build();
    }

    private Subscription validated(String partnerId, String id, SubscriptionRequest request) {
        if (request.delivery() == DeliveryMode.FEED && request.endpointId() != null) {
            throw new InvalidFieldException("endpointId", "a FEED subscription has no endpoint");
        }
        if (request.delivery() == DeliveryMode.FEED && request.coalesces()) {
            throw new InvalidFieldException("latestOnly", "the feed keeps every event; latestOnly is for WEBHOOK");
        }
        PartnerLookup.endpointInBody(directory, partnerId, request.endpointId());
        return new Subscription(id, partnerId, request.description(), request.eventTypes(), request.plans(),
                request.goals(), request.areas(), request.measures(), request.tags(), request.delivery(),
                request.endpointId(), request.coalesces());
    }

    private Subscription existing(String partnerId, String subscriptionId) {
        PartnerLookup.existing(directory, partnerId);
        return directory.subscription(partnerId, subscriptionId).orElseThrow(() -> notFound(partnerId, subscriptionId));
    }

    private static ResponseStatusException notFound(String partnerId, String subscriptionId) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND,
                "partner " + partnerId + " has no subscription " + subscriptionId);
    }

    /** Every selector left empty matches anything; within one selector any listed value will do. */
    record SubscriptionRequest(
            @Size(max = 500) String description,
            @Size(max = 50) List<@NotBlank @Pattern(regexp = EVENT_TYPE_PATTERN) String> eventTypes,
            @Size(max = 50) List<@NotBlank @Size(max = 100) String> plans,
            @Size(max = 20) List<@NotNull @Min(1) @Max(99) Integer> goals,
            @Size(max = 50) List<@NotBlank @Size(max = 100) String> areas,
            @Size(max = 200) List<@NotBlank @Size(max = 100) String> measures,
            @Size(max = 100) List<@NotBlank @Size(max = 100) String> tags,
            @NotNull DeliveryMode delivery,
            @Pattern(regexp = Ids.ENDPOINT) String endpointId,
            Boolean latestOnly) {

        boolean coalesces() {
            return Boolean.TRUE.equals(latestOnly);
        }
    }

    record SubscriptionView(String id, String description, List<String> eventTypes, List<String> plans,
                            List<Integer> goals, List<String> areas, List<String> measures, List<String> tags,
                            DeliveryMode delivery, String endpointId, boolean latestOnly) {
        static SubscriptionView of(Subscription subscription) {
            return new SubscriptionView(subscription.id(), subscription.description(), subscription.eventTypes(),
                    subscription.plans(), subscription.goals(), subscription.areas(), subscription.measures(),
                    subscription.tags(), subscription.delivery(), subscription.endpointId(), subscription.latestOnly());
        }
    }
}
