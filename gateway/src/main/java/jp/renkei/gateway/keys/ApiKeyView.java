package jp.renkei.gateway.keys;

import java.time.Instant;
import java.util.List;

/** An API key as the operator API shows it: everything but the key itself, which is never stored. */
public record ApiKeyView(String id, String prefix, String owner, List<String> roles, String partnerId,
                         Instant createdAt, Instant lastUsedAt, Instant expiresAt, Instant revokedAt) {

    static ApiKeyView of(ApiKeyDocument key) {
        return new ApiKeyView(key.id(), ApiKeySecrets.PREFIX + key.id() + "…", key.owner(), key.roles(),
                key.partnerId(), key.createdAt(), key.lastUsedAt(), key.expiresAt(), key.revokedAt());
    }
}
