package jp.renkei.web.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import jp.renkei.web.WebProperties;
import jp.renkei.web.api.ApiModels.Consultation;
import jp.renkei.web.api.ApiModels.Measure;
import jp.renkei.web.api.StaffModels.ApiKey;
import jp.renkei.web.api.StaffModels.Backlog;
import jp.renkei.web.api.StaffModels.Delivery;
import jp.renkei.web.api.StaffModels.DeliveryLog;
import jp.renkei.web.api.StaffModels.Endpoint;
import jp.renkei.web.api.StaffModels.EndpointWithSecret;
import jp.renkei.web.api.StaffModels.IssuedKey;
import jp.renkei.web.api.StaffModels.ModeratorOpinion;
import jp.renkei.web.api.StaffModels.NewConsultation;
import jp.renkei.web.api.StaffModels.NewKey;
import jp.renkei.web.api.StaffModels.OpinionGroup;
import jp.renkei.web.api.StaffModels.Partner;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * The gateway's API as the staff desk and the operator console use it: every call carries the signed-in member of
 * staff's own credential, so the gateway decides what they may do, exactly as for a client with that key. The desk
 * never widens it.
 */
@Component
public class StaffApi {

    /** The most deliveries the console reads to size a partner's backlog: the API's own maximum page. */
    static final int BACKLOG_PAGE = 1000;
    private static final MediaType MERGE_PATCH = MediaType.parseMediaType("application/merge-patch+json");

    private final RestClient http;
    private final String planId;
    private final Clock clock;

    public StaffApi(WebProperties properties) {
        this.http = GatewayApi.client(properties);
        this.planId = properties.planId();
        this.clock = Clock.systemUTC();
    }

    /**
     * Who the gateway takes the credential's holder to be; an unknown, revoked or expired key is a 401
     * {@link ApiProblemException}.
     */
    public StaffModels.Caller caller(String credential) {
        return get(credential, StaffModels.Caller.class, "/api/me");
    }

    public Measure measure(String credential, String measureId) {
        return get(credential, Measure.class, "/api/plans/{planId}/measures/{measureId}", planId, measureId);
    }

    /**
     * Changes the fields in {@code patch} (a JSON merge patch) of the version the editor started from: someone else's
     * save in between is a 412 {@link ApiProblemException}.
     */
    public Measure revise(String credential, String measureId, long baseVersion, Map<String, Object> patch) {
        return GatewayApi.call(() -> http.patch().uri("/api/plans/{planId}/measures/{measureId}", planId, measureId)
                .header(HttpHeaders.AUTHORIZATION, bearer(credential)).header(HttpHeaders.IF_MATCH,
                        "\"" + baseVersion + "\"")
                .contentType(MERGE_PATCH).body(patch).retrieve().body(Measure.class));
    }

    /** Every consultation the staff member may see, drafts included. */
    public List<Consultation> consultations(String credential) {
        return get(credential, new ParameterizedTypeReference<List<Consultation>>() { }, "/api/consultations");
    }

    public Consultation consultation(String credential, String id) {
        return get(credential, Consultation.class, "/api/consultations/{id}", id);
    }

    public Consultation openConsultation(String credential, NewConsultation consultation) {
        return post(credential, consultation, Consultation.class, "/api/consultations");
    }

    public List<ModeratorOpinion> opinions(String credential, String consultationId) {
        return get(credential, new ParameterizedTypeReference<List<ModeratorOpinion>>() { },
                "/api/consultations/{id}/opinions", consultationId);
    }

    public List<OpinionGroup> groups(String credential, String consultationId) {
        return get(credential, new ParameterizedTypeReference<List<OpinionGroup>>() { },
                "/api/consultations/{id}/groups", consultationId);
    }

    /**
     * One moderation step on an opinion: {@code response}, {@code hide}, {@code redact}. The body is what the
     * consultation API asks for that step.
     */
    public void moderate(String credential, String consultationId, String opinionId, String step,
                         Map<String, Object> body) {
        post(credential, body, String.class, "/api/consultations/{id}/opinions/{opinionId}/{step}", consultationId,
                opinionId, step);
    }

    public void group(String credential, String consultationId, String label, List<String> opinionIds) {
        post(credential, Map.of("label", label, "opinionIds", opinionIds), String.class,
                "/api/consultations/{id}/groups", consultationId);
    }

    public void respondToGroup(String credential, String consultationId, String groupId, Map<String, Object> body) {
        post(credential, body, String.class, "/api/consultations/{id}/groups/{groupId}/response", consultationId,
                groupId);
    }

    public void publishResults(String credential, String consultationId) {
        post(credential, Map.of(), String.class, "/api/consultations/{id}/results", consultationId);
    }

    public List<Partner> partners(String credential) {
        return get(credential, new ParameterizedTypeReference<List<Partner>>() { }, "/api/partners");
    }

    public List<Endpoint> endpoints(String credential, String partnerId) {
        return get(credential, new ParameterizedTypeReference<List<Endpoint>>() { },
                "/api/partners/{partnerId}/endpoints", partnerId);
    }

    /** The partner's newest deliveries, of one status when {@code status} is not null. */
    public List<Delivery> deliveries(String credential, String partnerId, String status, int limit) {
        return GatewayApi.call(() -> http.get().uri(builder -> {
                    builder.path("/api/partners/{partnerId}/deliveries").queryParam("limit", limit);
                    if (status != null) {
                        builder.queryParam("status", status);
                    }
                    return builder.build(partnerId);
                }).header(HttpHeaders.AUTHORIZATION, bearer(credential)).retrieve()
                .body(new ParameterizedTypeReference<List<Delivery>>() { }));
    }

    /** How many deliveries wait for the partner, and since when the oldest of them waits. */
    public Backlog backlog(String credential, String partnerId) {
        List<Delivery> pending = deliveries(credential, partnerId, "PENDING", BACKLOG_PAGE);
        Duration oldest = pending.isEmpty() ? null
                : Duration.between(pending.get(pending.size() - 1).createdAt(), Instant.now(clock));
        return new Backlog(pending.size(), pending.size() == BACKLOG_PAGE, oldest);
    }

    public DeliveryLog delivery(String credential, String partnerId, String deliveryId) {
        return get(credential, DeliveryLog.class, "/api/partners/{partnerId}/deliveries/{deliveryId}", partnerId,
                deliveryId);
    }

    public void retry(String credential, String partnerId, String deliveryId) {
        post(credential, Map.of(), String.class, "/api/partners/{partnerId}/deliveries/{deliveryId}/retry",
                partnerId, deliveryId);
    }

    /** {@code recover} (failed deliveries again) or {@code replay} (the history again), from {@code since}. */
    public String resend(String credential, String partnerId, String operation, Instant since) {
        return post(credential, Map.of("since", since.toString()), String.class,
                "/api/partners/{partnerId}/{operation}", partnerId, operation);
    }

    /** {@code pause} or {@code resume}. */
    public Endpoint switchEndpoint(String credential, String partnerId, String endpointId, String operation) {
        return post(credential, Map.of(), Endpoint.class, "/api/partners/{partnerId}/endpoints/{endpointId}/{operation}",
                partnerId, endpointId, operation);
    }

    public EndpointWithSecret rotateSecret(String credential, String partnerId, String endpointId) {
        return post(credential, Map.of(), EndpointWithSecret.class,
                "/api/partners/{partnerId}/endpoints/{endpointId}/rotate-secret", partnerId, endpointId);
    }

    public List<ApiKey> keys(String credential) {
        return get(credential, new ParameterizedTypeReference<List<ApiKey>>() { }, "/api/keys");
    }

    public IssuedKey issueKey(String credential, NewKey key) {
        return post(credential, key, IssuedKey.class, "/api/keys");
    }

    public void revokeKey(String credential, String keyId) {
        GatewayApi.call(() -> http.delete().uri("/api/keys/{id}", keyId)
                .header(HttpHeaders.AUTHORIZATION, bearer(credential)).retrieve().toBodilessEntity());
    }

    private <T> T get(String credential, Class<T> type, String uri, Object... variables) {
        return GatewayApi.call(() -> http.get().uri(uri, variables).header(HttpHeaders.AUTHORIZATION,
                bearer(credential)).retrieve().body(type));
    }

    private <T> T get(String credential, ParameterizedTypeReference<T> type, String uri, Object... variables) {
        return GatewayApi.call(() -> http.get().uri(uri, variables).header(HttpHeaders.AUTHORIZATION,
                bearer(credential)).retrieve().body(type));
    }

    private <T> T post(String credential, Object body, Class<T> type, String uri, Object... variables) {
        return GatewayApi.call(() -> http.post().uri(uri, variables).header(HttpHeaders.AUTHORIZATION,
                bearer(credential)).contentType(MediaType.APPLICATION_JSON).body(body).retrieve().body(type));
    }

    private static String bearer(String credential) {
        return "Bearer " + credential;
    }
}
