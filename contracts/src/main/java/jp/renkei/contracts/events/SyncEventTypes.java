package jp.renkei.contracts.events;

/**
 * Stable CloudEvents {@code type} names of regional-sync-service's own notices, on {@link Topics#SYNC_EVENTS}: what
 * an operator's alerting (or a partner's dashboard) follows to learn that deliveries stopped reaching a partner.
 */
public final class SyncEventTypes {

    public static final String DELIVERY_FAILED = "jp.renkei.sync.delivery.failed.v1";
    public static final String ENDPOINT_DISABLED = "jp.renkei.sync.endpoint.disabled.v1";

    private SyncEventTypes() {
    }

    /** CloudEvents {@code source} of notices about one partner. */
    public static String source(String municipalityId, String partnerId) {
        return "/municipalities/" + municipalityId + "/partners/" + partnerId;
    }
}
