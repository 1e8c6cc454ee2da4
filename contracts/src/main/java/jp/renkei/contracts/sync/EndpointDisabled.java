package jp.renkei.contracts.sync;

import java.time.Instant;

/**
 * Data of {@code jp.renkei.sync.endpoint.disabled.v1}.
 *
 * @param reason {@code GONE} (the endpoint answered 410) or {@code FAILING} (it accepted nothing for too long)
 */
public record EndpointDisabled(String partnerId, String endpointId, String url, String reason, String detail,
                               Instant failingSince, Instant disabledAt) {
}
