package jp.renkei.gateway.keys;

import java.time.Instant;
import java.util.Set;
import jp.renkei.gateway.access.Role;

/** What a new key is for: its owner, roles, the partner a {@code PARTNER} key is bound to, and when it expires. */
public record NewKey(String owner, Set<Role> roles, String partnerId, Instant expiresAt) {
}
