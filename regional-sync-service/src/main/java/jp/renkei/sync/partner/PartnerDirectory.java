package jp.renkei.sync.partner;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Repository;

/** Partners, their endpoints and their subscriptions, as stored. */
@Repository
public class PartnerDirectory {

    static final String PARTNERS = "partners";
    static final String ENDPOINTS = "endpoints";
    static final String SUBSCRIPTIONS = "subscriptions";

    private final MongoTemplate mongo;

    PartnerDirectory(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    public List<Partner> partners() {
        return mongo.findAll(Partner.class, PARTNERS);
    }

    public List<Subscription> subscriptions() {
        return mongo.findAll(Subscription.class, SUBSCRIPTIONS);
    }

    public Optional<Endpoint> endpoint(String endpointId) {
        return Optional.ofNullable(mongo.findById(endpointId, Endpoint.class, ENDPOINTS));
    }

    public List<Endpoint> enabledEndpointsOf(String partnerId) {
        return mongo.find(query(where("partnerId").is(partnerId).and("enabled").is(true)), Endpoint.class, ENDPOINTS);
    }

    public boolean hasEndpoints(String partnerId) {
        return mongo.exists(query(where("partnerId").is(partnerId)), ENDPOINTS);
    }

    public List<Endpoint> endpointsOf(String partnerId) {
        return mongo.find(query(where("partnerId").is(partnerId)), Endpoint.class, ENDPOINTS);
    }

    public List<Subscription> subscriptionsOf(String partnerId) {
        return mongo.find(query(where("partnerId").is(partnerId)), Subscription.class, SUBSCRIPTIONS);
    }

    public Optional<Partner> partner(String partnerId) {
        return Optional.ofNullable(mongo.findById(partnerId, Partner.class, PARTNERS));
    }

    public void addEndpoint(Endpoint endpoint) {
        mongo.insert(endpoint, ENDPOINTS);
    }

    /** Replaces the secret; the old one keeps being signed with until {@code previousUntil}. */
    public void rotateSecret(String endpointId, String newSecret, String previousSecret, java.time.Instant previousUntil) {
        mongo.updateFirst(query(where("_id").is(endpointId)), new org.springframework.data.mongodb.core.query.Update()
                .set("secret", newSecret).set("previousSecret", previousSecret)
                .set("previousSecretUntil", previousUntil), ENDPOINTS);
    }

    /** Pauses or resumes deliveries to an endpoint; paused deliveries wait, they are not lost. */
    public void setEnabled(String endpointId, boolean enabled) {
        mongo.updateFirst(query(where("_id").is(endpointId)), new org.springframework.data.mongodb.core.query.Update()
                .set("enabled", enabled), ENDPOINTS);
    }

    /** Stops deliveries to an endpoint, as when its partner answered 410 Gone. */
    public void disableEndpoint(String endpointId, String reason) {
        mongo.updateFirst(query(where("_id").is(endpointId)), new org.springframework.data.mongodb.core.query.Update()
                .set("enabled", false).set("disabledReason", reason), ENDPOINTS);
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
