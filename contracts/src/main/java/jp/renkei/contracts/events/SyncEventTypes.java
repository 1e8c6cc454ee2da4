package jp.renkei.contracts.events;

/**
 * Stable CloudEvents {@code type} names of regional-sync-service's own notices, on {@link Topics#SYNC_EVENTS}: what
 * an operator's alerting (or a partner's dashboard) follows to learn that deliveries stopped reaching a partner.
 */
public final class SyncEventTypes {

    public static final String DELIVERY_FAILED = "jp.renkei.sync.delivery.failed.v1";
    public static final String ENDPOINT_DISABLED = "jp.renkei.sync.endpoint.disabled.v1";

    /**
     * A partner responded to an event it received (acknowledged, commented, objected), or changed its response
     * ({@code revision} above 1); on {@link Topics#COLLABORATION_EVENTS}.
     */
    public static final String RESPONSE_SUBMITTED = "jp.renkei.sync.response.submitted.v1";
    /** The city answered a partner's response; on {@link Topics#COLLABORATION_EVENTS}. */
    public static final String RESPONSE_ANSWERED = "jp.renkei.sync.response.answered.v1";
    /** The city asked named partners for their view on a measure version by a deadline (意見照会). */
    public static final String VIEW_REQUEST_SENT = "jp.renkei.sync.view-request.sent.v1";

    private SyncEventTypes() {
    }

    /** Whether the type is one of the collaboration events, which travel on {@link Topics#COLLABORATION_EVENTS}. */
    public static boolean isCollaboration(String type) {
        return RESPONSE_SUBMITTED.equals(type) || RESPONSE_ANSWERED.equals(type) || VIEW_REQUEST_SENT.equals(type);
    }

    /** CloudEvents {@code source} of the city's requests for views. */
    public static String viewRequestSource(String municipalityId) {
        return "/municipalities/" + municipalityId + "/view-requests";
    }

    /** CloudEvents {@code source} of notices about one partner. */
    public static String source(String municipalityId, String partnerId) {
        return "/municipalities/" + municipalityId + "/partners/" + partnerId;
    }
}
