package jp.renkei.gateway.token;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param ttl        how long a minted token is accepted; a call never needs more than a minute
 * @param reuse      how long one caller's token is handed out again for that caller and service before a new one is
 *                   minted; shorter than {@code ttl}, so a reused token always has time left for the call it carries
 * @param cachedCallers how many callers' tokens are kept for reuse (the least recently used are forgotten first)
 * @param signingKey an EC P-256 private key as a JWK (JSON), for several gateway replicas that must sign alike;
 *                   when absent, each start generates its own (the services fetch the new public key by its id)
 */
@ConfigurationProperties("renkei.gateway.internal-token")
public record InternalTokenProperties(@DefaultValue("60s") Duration ttl, @DefaultValue("30s") Duration reuse,
                                      @DefaultValue("10000") long cachedCallers, String signingKey) {

    public InternalTokenProperties {
        if (reuse.compareTo(ttl) >= 0) {
            throw new IllegalArgumentException("renkei.gateway.internal-token.reuse (" + reuse + ") must be shorter "
                    + "than its ttl (" + ttl + ")");
        }
    }
}
