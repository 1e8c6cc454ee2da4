package jp.renkei.sync.fanout;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.renkei.contracts.events.CloudEvent;
import jp.renkei.sync.delivery.Delivery;
import jp.renkei.sync.delivery.DeliveryDispatcher;
import jp.renkei.sync.delivery.ConsumedOffsets;
import jp.renkei.sync.delivery.DeliveryStore;
import jp.renkei.sync.delivery.DeliveryTopic;
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
 * Turns events into one delivery per matching subscription and endpoint, a poll's worth at a time. It returns only
 * when the events, their deliveries and their feed entries are stored and the deliveries are on the delivery topic,
 * in the Kafka transaction that also commits the batch's offsets: an event is either fanned out completely or read
 * again, and reading it again creates nothing twice (a delivery queued again is marked so, and its owner reads its
 * stored state before sending it).
 *
 * <p>Its cost per event does not grow with history: one insert per collection and batch (a duplicate key means
 * "already there"), one counter update per partner and batch for the feed, subscriptions and endpoints from the
 * directory's copy in memory. Only for an event received before (a redelivered record) are its deliveries looked up
 * in the history, by id.
 */
@Component
public class EventFanOut {

    private static final Logger log = LoggerFactory.getLogger(EventFanOut.class);

    private final EventStore events;
    private final PartnerDirectory partners;
    private final DeliveryStore deliveries;
    private final DeliveryTopic topic;
    private final JsonMapper json;
    private final Clock clock;
    private final PartnerFeed feed;
    private final DeliveryDispatcher dispatcher;

    EventFanOut(EventStore events, PartnerDirectory partners, DeliveryStore deliveries, DeliveryTopic topic,
                JsonMapper json, Clock clock, PartnerFeed feed, DeliveryDispatcher dispatcher) {
        this.feed = feed;
        this.dispatcher = dispatcher;
        this.events = events;
        this.partners = partners;
        this.deliveries = deliveries;
        this.topic = topic;
        this.json = json;
        this.clock = clock;
    }

    /** Fans out events that did not come from a consumer, in the order given. */
    public void accept(List<CloudEvent> batch) {
        ToQueue toQueue = storeAndHandOver(batch);
        topic.queue(toQueue.deliveries(), toQueue::queuedBefore);
    }

    /**
     * Fans out one poll's events, in the order given (a copy of an event already in the batch counts once), and
     * commits the consumer's offsets with the deliveries it queues.
     */
    public void accept(List<CloudEvent> batch, ConsumedOffsets consumed) {
        ToQueue toQueue = storeAndHandOver(batch);
        topic.queue(toQueue.deliveries(), toQueue::queuedBefore, consumed);
    }

    /**
     * Stores the batch's events and deliveries, hands the deliveries over, then appends the partners' pull feeds; the
     * deliveries to queue on the topic. The deliveries go to this instance's dispatcher at once, before their records
     * are written: for the endpoints it owns, it need not wait for the transaction and the topic's round trip (issue
     * #11's latency). All of them, in the batch's order, those of events read again too (the dispatcher checks the
     * store before sending those): a batch read again after its transaction aborted holds a measure's earlier
     * revisions beside its later ones, and handing over only the later ones let them overtake the earlier (found by
     * the fault suite). The feeds come after the hand-over, so that no webhook waits for them (six store commands for
     * four partners); should that fail, the batch is read again: a feed still shows each event once, and a partner
     * gets at most the same webhook again, as at-least-once allows.
     */
    private ToQueue storeAndHandOver(List<CloudEvent> batch) {
        ToQueue toQueue = store(batch);
        dispatcher.handOver(toQueue.deliveries(), toQueue::queuedBefore, toQueue.events());
        feed.append(toQueue.feedEntries());
        return toQueue;
    }

    /**
     * @param eventsReceivedBefore the events of the batch that were stored before (a redelivered record): their
     *                             deliveries may have been queued and sent before
     * @param events               the batch's events, as stored
     * @param feedEntries          per partner, the ids of the events its pull feed is to show, in order
     */
    private record ToQueue(List<Delivery> deliveries, Set<String> eventsReceivedBefore,
                           Collection<StoredEvent> events, Map<String, List<String>> feedEntries) {

        boolean queuedBefore(Delivery delivery) {
            return eventsReceivedBefore.contains(delivery.eventId());
        }
    }

    /** Stores the events and their deliveries; the deliveries to queue and the feed entries to append. */
    private ToQueue store(List<CloudEvent> batch) {
        if (batch.isEmpty()) {
            return new ToQueue(List.of(), Set.of(), List.of(), Map.of());
        }
        Instant now = clock.instant();
        Map<String, StoredEvent> stored = new LinkedHashMap<>();
        batch.forEach(event -> stored.putIfAbsent(event.id(), StoredEvent.of(event, now)));
        Set<String> receivedBefore = events.keepAll(List.copyOf(stored.values()));
        List<Subscription> subscriptions = partners.subscriptions();
        Map<String, List<String>> feedEntries = new LinkedHashMap<>();
        Map<String, Delivery> candidates = new LinkedHashMap<>();
        for (StoredEvent event : stored.values()) {
            RoutedEvent routed = RoutedEvent.of(event.toCloudEvent(), json);
            if (routed.isAddressed()) {
                for (String partnerId : routed.addressedTo()) {
                    feedEntries.computeIfAbsent(partnerId, partner -> new ArrayList<>()).add(event.id());
                    addressedDeliveries(partnerId, event, null, now, null)
                            .forEach(delivery -> candidates.putIfAbsent(delivery.id(), delivery));
                }
                continue;
            }
            Set<String> fedTo = new HashSet<>();
            for (Subscription subscription : subscriptions) {
                if (!subscription.matches(routed)) {
                    continue;
                }
                // the feed shows everything a partner subscribed to, pushed or not, in the order push sends it
                if (fedTo.add(subscription.partnerId())) {
                    feedEntries.computeIfAbsent(subscription.partnerId(), partner -> new ArrayList<>()).add(event.id());
                }
                deliveriesOf(subscription, event, null, now, null)
                        .forEach(delivery -> candidates.putIfAbsent(delivery.id(), delivery));
            }
        }
        DeliveryStore.Created created = deliveries.createAll(List.copyOf(candidates.values()),
                delivery -> receivedBefore.contains(delivery.eventId()));
        log.debug("{} events fanned out to {} new deliveries", stored.size(), created.inserted().size());
        return new ToQueue(created.unfinished(), receivedBefore, List.copyOf(stored.values()), feedEntries);
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
        Instant now = clock.instant();
        List<Delivery> candidates = new ArrayList<>();
        for (StoredEvent event : events.receivedBetween(since, until)) {
            RoutedEvent routed = RoutedEvent.of(event.toCloudEvent(), json);
            if (routed.isAddressed()) {
                // addressed events are the addressees' whatever the subscriptions select, and no one else's
                if (routed.addressedTo().contains(partnerId)) {
                    candidates.addAll(addressedDeliveries(partnerId, event, replayId, now, endpointId));
                }
                continue;
            }
            for (Subscription subscription : subscriptions) {
                if (subscription.matches(routed)) {
                    candidates.addAll(deliveriesOf(subscription, event, replayId, now, endpointId));
                    break;
                }
            }
        }
        // a window replayed before has the same delivery ids: what is still queued from then is not queued again
        List<Delivery> replayed = deliveries.createAll(candidates, delivery -> false).inserted();
        topic.queue(replayed);
        log.info("replay {} of partner {} since {}: {} deliveries", replayId, partnerId, since, replayed.size());
        return replayed.size();
    }

    private List<Delivery> deliveriesOf(Subscription subscription, StoredEvent event, String replayId, Instant now,
                                        String onlyEndpointId) {
        if (subscription.delivery() != Subscription.DeliveryMode.WEBHOOK) {
            return List.of();
        }
        List<Delivery> created = new ArrayList<>();
        for (Endpoint endpoint : endpointsFor(subscription)) {
            if (onlyEndpointId == null || onlyEndpointId.equals(endpoint.id())) {
                created.add(Delivery.pending(subscription.partnerId(), endpoint.id(), event.id(), event.type(),
                        event.subject(), parseSequence(event.sequence()), subscription.latestOnly(), replayId, now));
            }
        }
        return created;
    }

    /**
     * An event addressed to a partner (a collaboration event: a request for views, a co-owner's response, an answer)
     * goes to each of its enabled endpoints and its feed whatever its subscriptions select: a request for views must
     * reach the partner asked. Subscriptions never select addressed events for anyone else.
     */
    private List<Delivery> addressedDeliveries(String partnerId, StoredEvent event, String replayId, Instant now,
                                               String onlyEndpointId) {
        return partners.enabledEndpointsOf(partnerId).stream()
                .filter(endpoint -> onlyEndpointId == null || onlyEndpointId.equals(endpoint.id()))
                .map(endpoint -> Delivery.pending(partnerId, endpoint.id(), event.id(), event.type(), event.subject(),
                        parseSequence(event.sequence()), false, replayId, now))
                .toList();
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
