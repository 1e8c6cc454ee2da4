package jp.renkei.sync.fanout;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import jp.renkei.contracts.events.CloudEvent;
import jp.renkei.sync.delivery.Delivery;
import jp.renkei.sync.delivery.DeliveryDispatcher;
import jp.renkei.sync.delivery.DeliveryStore;
import jp.renkei.sync.event.EventStore;
import jp.renkei.sync.event.RoutedEvent;
import jp.renkei.sync.event.StoredEvent;
import jp.renkei.sync.feed.PartnerFeed;
import jp.renkei.sync.partner.Endpoint;
import jp.renkei.sync.partner.PartnerDirectory;
import jp.renkei.sync.partner.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns one event into one delivery per matching subscription and endpoint. It returns only when the event and
 * its deliveries are stored, and the Kafka offset is committed only after it returns, so an event is either fanned
 * out completely or read again; reading it again creates nothing twice.
 */
@Component
public class EventFanOut {

    private static final Logger log = LoggerFactory.getLogger(EventFanOut.class);

    private final EventStore events;
    private final PartnerDirectory partners;
    private final DeliveryStore deliveries;
    private final DeliveryDispatcher dispatcher;
    private final JsonMapper json;
    private final Clock clock;
    private final PartnerFeed feed;

    EventFanOut(EventStore events, PartnerDirectory partners, DeliveryStore deliveries, DeliveryDispatcher dispatcher,
                JsonMapper json, Clock clock, PartnerFeed feed) {
        this.feed = feed;
        this.events = events;
        this.partners = partners;
        this.deliveries = deliveries;
        this.dispatcher = dispatcher;
        this.json = json;
        this.clock = clock;
    }

    public void accept(CloudEvent event) {
        Instant now = clock.instant();
        StoredEvent stored = StoredEvent.of(event, now);
        events.keep(stored);
        RoutedEvent routed = RoutedEvent.of(event, json);
        int created = 0;
        for (Subscription subscription : partners.subscriptions()) {
            if (!subscription.matches(routed)) {
                continue;
            }
            // the feed shows everything a partner subscribed to, pushed or not, in the order push sends it
            feed.append(subscription.partnerId(), event.id());
            created += createDeliveries(subscription, stored, null, now);
        }
        log.debug("event {} {} fanned out to {} new deliveries", event.type(), event.id(), created);
        if (created > 0) {
            dispatcher.dispatchSoon();
        }
    }

    /**
     * Delivers a partner's history again: every stored event from {@code since} (up to {@code until}, if given) that
     * its webhook subscriptions select today, in the order it was received, to {@code endpointId} or to each of the
     * partner's endpoints. Each is a new delivery of the same event, so the partner still de-duplicates on
     * {@code webhook-id}.
     *
     * @return how many deliveries were created
     */
    public int replay(String partnerId, Instant since, Instant until, String endpointId, String replayId) {
        List<Subscription> subscriptions = partners.subscriptionsOf(partnerId).stream()
                .filter(subscription -> subscription.delivery() == Subscription.DeliveryMode.WEBHOOK)
                .filter(subscription -> endpointId == null || subscription.endpointId() == null
                        || subscription.endpointId().equals(endpointId))
                .toList();
        int created = 0;
        Instant now = clock.instant();
        for (StoredEvent event : events.receivedBetween(since, until)) {
            RoutedEvent routed = RoutedEvent.of(event.toCloudEvent(), json);
            for (Subscription subscription : subscriptions) {
                if (subscription.matches(routed)) {
                    created += createDeliveries(subscription, event, replayId, now, endpointId);
                    break;
                }
            }
        }
        log.info("replay {} of partner {} since {}: {} deliveries", replayId, partnerId, since, created);
        dispatcher.dispatchSoon();
        return created;
    }

    private int createDeliveries(Subscription subscription, StoredEvent event, String replayId, Instant now) {
        return createDeliveries(subscription, event, replayId, now, null);
    }

    private int createDeliveries(Subscription subscription, StoredEvent event, String replayId, Instant now,
                                 String onlyEndpointId) {
        if (subscription.delivery() != Subscription.DeliveryMode.WEBHOOK) {
            return 0;
        }
        int created = 0;
        for (Endpoint endpoint : endpointsFor(subscription)) {
            if (onlyEndpointId != null && !onlyEndpointId.equals(endpoint.id())) {
                continue;
            }
            Delivery delivery = Delivery.pending(subscription.partnerId(), endpoint.id(), event.id(), event.type(),
                    event.subject(), parseSequence(event.sequence()), subscription.latestOnly(), replayId, now);
            if (deliveries.create(delivery)) {
                created++;
                if (delivery.latestOnly()) {
                    deliveries.supersedeOlder(delivery);
                }
            }
        }
        return created;
    }

    private List<Endpoint> endpointsFor(Subscription subscription) {
        if (subscription.endpointId() != null) {
            return partners.enabledEndpoint(subscription.endpointId()).stream().toList();
        }
        return partners.enabledEndpointsOf(subscription.partnerId());
    }

    private static long parseSequence(String sequence) {
        try {
            return sequence == null ? 0 : Long.parseLong(sequence);
        } catch (NumberFormatException notNumeric) {
            return 0;
        }
    }
}
