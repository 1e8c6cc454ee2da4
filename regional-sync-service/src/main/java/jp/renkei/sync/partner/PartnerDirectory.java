package jp.renkei.sync.partner;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import jp.renkei.messaging.outbox.MongoDocumentOutbox;
import jp.renkei.messaging.outbox.OutboxEvent;
import jp.renkei.sync.secret.SecretCipher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Repository;

/**
 * Partners, their endpoints and their subscriptions, as stored. Endpoint secrets are stored encrypted.
 *
 * <p>Fan-out and the dispatcher read the subscriptions and the enabled endpoints for every event and every pass; they
 * get a copy in memory that a scheduled task reads again every second ({@code renkei.sync.routing-refresh}; so another
 * instance's change shows within about that time), and that is dropped at once when this instance changes any of them. Only then, and
 * before the first copy, does a caller wait for the store: the threads on the delivery path never wait for the
 * periodic read, which under load can take hundreds of milliseconds (JFR, webhook-delivery benchmark).
 */
@Repository
public class PartnerDirectory {

    static final String PARTNERS = "partners";
    static final String ENDPOINTS = "endpoints";
    static final String SUBSCRIPTIONS = "subscriptions";

    private static final Logger log = LoggerFactory.getLogger(PartnerDirectory.class);

    private final MongoTemplate mongo;
    private final SecretCipher cipher;
    private volatile Routing routing;
    /** Counts this instance's changes: a copy read before the last change is never used after it. */
    private final AtomicLong changes = new AtomicLong();

    PartnerDirectory(MongoTemplate mongo, SecretCipher cipher) {
        this.mongo = mongo;
        this.cipher = cipher;
    }

    public List<Partner> partners() {
        return mongo.findAll(Partner.class, PARTNERS);
    }

    public Optional<Partner> partner(String partnerId) {
        return Optional.ofNullable(mongo.findById(partnerId, Partner.class, PARTNERS));
    }

    /** True when created; false when a partner with that id exists. */
    public boolean addPartner(Partner partner) {
        return insertIfAbsent(partner, PARTNERS);
    }

    /** Every subscription, as fan-out reads them (see the class comment on freshness). */
    public List<Subscription> subscriptions() {
        return routing().subscriptions();
    }

    public List<Subscription> subscriptionsOf(String partnerId) {
        return mongo.find(query(where("partnerId").is(partnerId)).with(Sort.by("_id")), Subscription.class,
                SUBSCRIPTIONS);
    }

    public Optional<Subscription> subscription(String partnerId, String subscriptionId) {
        return Optional.ofNullable(mongo.findOne(query(where("_id").is(subscriptionId).and("partnerId").is(partnerId)),
                Subscription.class, SUBSCRIPTIONS));
    }

    public boolean addSubscription(Subscription subscription) {
        return change(() -> insertIfAbsent(subscription, SUBSCRIPTIONS));
    }

    public void replaceSubscription(Subscription subscription) {
        change(() -> mongo.save(subscription, SUBSCRIPTIONS));
    }

    public boolean removeSubscription(String partnerId, String subscriptionId) {
        return change(() -> mongo.remove(query(where("_id").is(subscriptionId).and("partnerId").is(partnerId)),
                SUBSCRIPTIONS).getDeletedCount() == 1);
    }

    public Optional<Endpoint> endpoint(String endpointId) {
        return Optional.ofNullable(mongo.findById(endpointId, StoredEndpoint.class, ENDPOINTS))
                .map(stored -> stored.open(cipher));
    }

    /** The endpoint, if it is one of the partner's. */
    public Optional<Endpoint> endpointOf(String partnerId, String endpointId) {
        return endpoint(endpointId).filter(endpoint -> endpoint.partnerId().equals(partnerId));
    }

    /** Every enabled endpoint, as the dispatcher reads them (see the class comment on freshness). */
    public List<Endpoint> enabledEndpoints() {
        return routing().enabledEndpoints();
    }

    public List<Endpoint> enabledEndpointsOf(String partnerId) {
        return routing().enabledEndpoints().stream().filter(endpoint -> endpoint.partnerId().equals(partnerId)).toList();
    }

    public Optional<Endpoint> enabledEndpoint(String endpointId) {
        return routing().enabledEndpoints().stream().filter(endpoint -> endpoint.id().equals(endpointId)).findFirst();
    }

    /** The next read of subscriptions and endpoints comes from the store: another instance changed them. */
    public void readAgain() {
        changes.incrementAndGet();
    }

    private Routing routing() {
        Routing current = routing;
        long changesNow = changes.get();
        if (current == null || current.changes() != changesNow) {
            current = readRouting(changesNow);
            routing = current;
        }
        return current;
    }

    /**
     * Reads the routing again for the threads that use it. A change made by this instance meanwhile makes the copy
     * stale on arrival (its count is older), so the next user reads the store itself.
     */
    @Scheduled(fixedDelayString = "${renkei.sync.routing-refresh:1s}",
            initialDelayString = "${renkei.sync.routing-refresh:1s}")
    void refreshRouting() {
        try {
            routing = readRouting(changes.get());
        } catch (RuntimeException storeUnavailable) {
            log.warn("could not read subscriptions and endpoints again; the copy in memory stays: {}",
                    storeUnavailable.getMessage());
        }
    }

    private Routing readRouting(long changesNow) {
        return new Routing(changesNow, mongo.findAll(Subscription.class, SUBSCRIPTIONS),
                opened(mongo.find(query(where("enabled").is(true)), StoredEndpoint.class, ENDPOINTS)));
    }

    /** Runs a write and then counts it, so this instance's next read of the routing is fresh. */
    private <T> T change(Supplier<T> write) {
        try {
            return write.get();
        } finally {
            changes.incrementAndGet();
        }
    }

    private record Routing(long changes, List<Subscription> subscriptions, List<Endpoint> enabledEndpoints) {
    }

    public List<Endpoint> endpointsOf(String partnerId) {
        return opened(mongo.find(query(where("partnerId").is(partnerId)).with(Sort.by("createdAt")),
                StoredEndpoint.class, ENDPOINTS));
    }

    public boolean hasEndpoints(String partnerId) {
        return mongo.exists(query(where("partnerId").is(partnerId)), ENDPOINTS);
    }

    public void addEndpoint(Endpoint endpoint) {
        change(() -> mongo.insert(StoredEndpoint.of(endpoint, cipher), ENDPOINTS));
    }

    /** True when added; false when an endpoint with that id exists. */
    public boolean addEndpointIfAbsent(Endpoint endpoint) {
        return change(() -> insertIfAbsent(StoredEndpoint.of(endpoint, cipher), ENDPOINTS));
    }

    /** Replaces the secret; the old one keeps being signed with until {@code previousUntil}. */
    public void rotateSecret(String endpointId, String newSecret, String previousSecret, Instant previousUntil) {
        change(() -> mongo.updateFirst(query(where("_id").is(endpointId)), new Update()
                .set("secret", cipher.encrypt(newSecret, endpointId))
                .set("previousSecret", cipher.encrypt(previousSecret, endpointId))
                .set("previousSecretUntil", previousUntil)
                .set("secretKeyId", cipher.keyId()), ENDPOINTS));
    }

    /**
     * Pauses or resumes deliveries to an endpoint; paused deliveries wait, they are not lost. Resuming also clears
     * why it was disabled and its failure streak: whoever resumes it says it works again.
     */
    public void setEnabled(String endpointId, boolean enabled) {
        Update update = new Update().set("enabled", enabled);
        if (enabled) {
            update.unset("disabledReason").unset("failingSince");
        }
        change(() -> mongo.updateFirst(query(where("_id").is(endpointId)), update, ENDPOINTS));
    }

    /** At most {@code perSecond} deliveries a second to the endpoint; null lifts the limit. */
    public void throttle(String endpointId, Integer perSecond) {
        Update update = perSecond == null ? new Update().unset("maxDeliveriesPerSecond")
                : new Update().set("maxDeliveriesPerSecond", perSecond);
        change(() -> mongo.updateFirst(query(where("_id").is(endpointId)), update, ENDPOINTS));
    }

    /** Stops deliveries to an endpoint and, in the same update, queues the notice that says so. */
    public boolean disableEndpoint(String endpointId, String reason, OutboxEvent notice) {
        return change(() -> mongo.updateFirst(query(where("_id").is(endpointId).and("enabled").is(true)),
                MongoDocumentOutbox.push(new Update().set("enabled", false).set("disabledReason", reason),
                        List.of(notice)),
                ENDPOINTS).getModifiedCount() == 1);
    }

    /** Starts the endpoint's failure streak at {@code since}, unless one is running. */
    public void markFailing(String endpointId, Instant since) {
        change(() -> mongo.updateFirst(query(where("_id").is(endpointId).and("failingSince").is(null)),
                new Update().set("failingSince", since), ENDPOINTS));
    }

    public void markHealthy(String endpointId) {
        change(() -> mongo.updateFirst(query(where("_id").is(endpointId).and("failingSince").ne(null)),
                new Update().unset("failingSince"), ENDPOINTS));
    }

    /** Encrypts secrets stored in plain text by a version before secrets were encrypted; how many endpoints. */
    int encryptPlainSecrets() {
        int encrypted = 0;
        for (StoredEndpoint stored : mongo.find(query(where("secret").not().regex("^enc:")), StoredEndpoint.class,
                ENDPOINTS)) {
            Endpoint plain = new Endpoint(stored.id(), stored.partnerId(), stored.url(), stored.secret(),
                    stored.enabled(), stored.createdAt(), stored.previousSecret(), stored.previousSecretUntil(),
                    stored.disabledReason(), stored.failingSince(), stored.maxDeliveriesPerSecond());
            change(() -> mongo.save(StoredEndpoint.of(plain, cipher), ENDPOINTS));
            encrypted++;
        }
        return encrypted;
    }

    /**
     * Seals the secrets of up to {@code limit} endpoints again with the current key, of those whose secrets another
     * key sealed (a previous key, or an unrecorded one) and which are not in {@code seen}; adds those it read to
     * {@code seen}, so a pass reads each endpoint once. Each endpoint is replaced only if its secrets are still the
     * ones read, so a concurrent rotation of its secret, or another instance resealing it, wins and nothing is
     * sealed over another's write. An endpoint whose secrets no configured key opens is left as it is.
     */
    ResealBatch resealSecrets(int limit, java.util.Set<String> seen) {
        List<StoredEndpoint> batch = mongo.find(query(where("secretKeyId").ne(cipher.keyId()).and("secret")
                .regex("^enc:").and("_id").nin(seen)).limit(limit), StoredEndpoint.class, ENDPOINTS);
        int resealed = 0;
        int unopened = 0;
        for (StoredEndpoint stored : batch) {
            seen.add(stored.id());
            Endpoint endpoint;
            try {
                endpoint = stored.open(cipher);
            } catch (IllegalStateException noKeyOpensIt) {
                unopened++;
                continue;
            }
            // changed meanwhile (a rotation of its secret, another instance): the next pass looks at it again
            if (mongo.updateFirst(query(where("_id").is(stored.id()).and("secret").is(stored.secret())
                            .and("previousSecret").is(stored.previousSecret()).and("secretKeyId")
                            .is(stored.secretKeyId())),
                    new Update().set("secret", cipher.encrypt(endpoint.secret(), stored.id()))
                            .set("previousSecret", cipher.encrypt(endpoint.previousSecret(), stored.id()))
                            .set("secretKeyId", cipher.keyId()), ENDPOINTS).getModifiedCount() == 1) {
                resealed++;
            }
        }
        return new ResealBatch(batch.size(), resealed, unopened);
    }

    /**
     * @param read     endpoints read: zero when the pass is through
     * @param resealed of those, sealed again with the current key
     * @param unopened of those, whose secrets no configured key opens
     */
    record ResealBatch(int read, int resealed, int unopened) {
    }

    private List<Endpoint> opened(List<StoredEndpoint> stored) {
        return stored.stream().map(endpoint -> endpoint.open(cipher)).toList();
    }

    /** Inserts unless a record with the same id exists; true when inserted. */
    boolean insertIfAbsent(Object record, String collection) {
        try {
            mongo.insert(record, collection);
            return true;
        } catch (DuplicateKeyException alreadyThere) {
            return false;
        }
    }
}
