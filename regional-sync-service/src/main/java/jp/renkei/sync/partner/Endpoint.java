package jp.renkei.sync.partner;

import java.time.Instant;

/**
 * A partner's webhook URL and the secret its requests are signed with.
 *
 * @param secret              the {@code whsec_} signing secret; never returned by the API after creation
 * @param previousSecret      the secret before the last rotation, still signed with until {@code previousSecretUntil}
 *                            so the partner can switch without missing a request
 */
public record Endpoint(String id, String partnerId, String url, String secret, boolean enabled, Instant createdAt,
                       String previousSecret, Instant previousSecretUntil) {

    public Endpoint(String id, String partnerId, String url, String secret, boolean enabled, Instant createdAt) {
        this(id, partnerId, url, secret, enabled, createdAt, null, null);
    }

    /** The secrets to sign with at {@code now}: the current one, and the previous one while a rotation lasts. */
    public java.util.List<String> signingSecrets(Instant now) {
        return previousSecret != null && previousSecretUntil != null && now.isBefore(previousSecretUntil)
                ? java.util.List.of(secret, previousSecret) : java.util.List.of(secret);
    }

    @Override
    public String toString() {
        return "Endpoint[id=" + id + ", partnerId=" + partnerId + ", url=" + url + ", enabled=" + enabled + "]";
    }
}
