package jp.renkei.sync.partner;

import java.time.Instant;
import java.util.List;

/**
 * A partner's webhook URL and the secret its requests are signed with.
 *
 * @param secret              the {@code whsec_} signing secret; never returned by the API after creation, stored
 *                            encrypted
 * @param previousSecret      the secret before the last rotation, still signed with until {@code previousSecretUntil}
 *                            so the partner can switch without missing a request
 * @param disabledReason      why deliveries stopped (410 Gone, failing for days); null when enabled or only paused
 * @param failingSince        when the endpoint started failing every attempt; null while it accepts deliveries
 * @param maxDeliveriesPerSecond at most this many deliveries a second go to it (set by the partner or an operator, so
 *                            that a small server is not flooded); null for no limit beyond the in-flight one
 */
public record Endpoint(String id, String partnerId, String url, String secret, boolean enabled, Instant createdAt,
                       String previousSecret, Instant previousSecretUntil, String disabledReason,
                       Instant failingSince, Integer maxDeliveriesPerSecond) {

    public static Endpoint create(String id, String partnerId, String url, String secret, Instant createdAt) {
        return new Endpoint(id, partnerId, url, secret, true, createdAt, null, null, null, null, null);
    }

    /** The secrets to sign with at {@code now}: the current one, and the previous one while a rotation lasts. */
    public List<String> signingSecrets(Instant now) {
        return previousSecret != null && previousSecretUntil != null && now.isBefore(previousSecretUntil)
                ? List.of(secret, previousSecret) : List.of(secret);
    }

    @Override
    public String toString() {
        return "Endpoint[id=" + id + ", partnerId=" + partnerId + ", url=" + url + ", enabled=" + enabled + "]";
    }
}
