package jp.renkei.support.security;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Verifies a token once and remembers it until it expires: the gateway reuses a caller's token for part of its
 * lifetime, and checking an ES256 signature costs more than the rest of a cached read. The key is the whole token,
 * signature included, so only the very bytes that were verified are let in again. A remembered token is refused
 * like any other from the instant it expires (it is then verified afresh, which refuses it). Bounded: the least
 * recently used token is forgotten first.
 */
public final class VerifiedTokenCache implements JwtDecoder {

    private final JwtDecoder verifier;
    private final Clock clock;
    private final Map<String, Jwt> verified;

    public VerifiedTokenCache(JwtDecoder verifier, int capacity, Clock clock) {
        this.verifier = verifier;
        this.clock = clock;
        this.verified = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Jwt> eldest) {
                return size() > capacity;
            }
        };
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Instant now = clock.instant();
        Jwt known;
        synchronized (verified) {
            known = verified.get(token);
        }
        if (known != null && now.isBefore(known.getExpiresAt())) {
            return known;
        }
        Jwt fresh = verifier.decode(token);
        if (fresh.getExpiresAt() != null && now.isBefore(fresh.getExpiresAt())) {
            synchronized (verified) {
                verified.put(token, fresh);
            }
        }
        return fresh;
    }
}
