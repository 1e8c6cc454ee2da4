package jp.renkei.gateway.token;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param ttl        how long a minted token is accepted; a call never needs more than a minute
 * @param signingKey an EC P-256 private key as a JWK (JSON), for several gateway replicas that must sign alike;
 *                   when absent, each start generates its own (the services fetch the new public key by its id)
 */
@ConfigurationProperties("renkei.gateway.internal-token")
public record InternalTokenProperties(@DefaultValue("60s") Duration ttl, String signingKey) {
}
