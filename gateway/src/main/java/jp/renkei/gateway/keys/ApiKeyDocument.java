package jp.renkei.gateway.keys;

import java.time.Instant;
import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * An API key as stored: never the key, only its SHA-256. The id is the key's lookup prefix, which is not secret and
 * names the key in lists and logs.
 */
@Document("api_keys")
record ApiKeyDocument(@Id String id, String sha256, String owner, List<String> roles, String partnerId,
                      Instant createdAt, Instant lastUsedAt, Instant expiresAt, Instant revokedAt) {
}
