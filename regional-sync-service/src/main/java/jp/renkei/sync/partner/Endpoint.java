package jp.renkei.sync.partner;

import java.time.Instant;

/**
 * A partner's webhook URL and the secret its requests are signed with.
 *
 * @param secret the {@code whsec_} signing secret; never returned by the API after creation
 */
public record Endpoint(String id, String partnerId, String url, String secret, boolean enabled, Instant createdAt) {

    @Override
    public String toString() {
        return "Endpoint[id=" + id + ", partnerId=" + partnerId + ", url=" + url + ", enabled=" + enabled + "]";
    }
}
