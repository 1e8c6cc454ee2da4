package jp.renkei.support.security;

import java.net.URI;
import java.time.Duration;
import jp.renkei.contracts.security.InternalToken;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a service checks the gateway's internal token.
 *
 * @param jwksUri           where the gateway serves its public keys, e.g. {@code http://127.0.0.1:8080/internal/jwks.json},
 *                          or a file that holds the same key set ({@code file:/…/gateway-jwks.json}), as the local
 *                          stack hands it to the services
 * @param issuer            the {@code iss} the token must carry
 * @param audience          the {@code aud} the token must carry: this service's own name, so that a token the gateway
 *                          minted for one service is refused by every other; when unset, {@code spring.application.name}
 * @param clockSkew         how far the clocks of gateway and service may disagree; small, as the token lives a minute
 * @param verifiedTokens    how many verified tokens are kept, each until it expires, so that a caller's token (which
 *                          the gateway reuses for part of its lifetime) is verified once, not on every request
 */
@ConfigurationProperties("renkei.security")
public record ServiceSecurityProperties(URI jwksUri,
                                        @DefaultValue(InternalToken.ISSUER) String issuer,
                                        String audience,
                                        @DefaultValue("5s") Duration clockSkew,
                                        @DefaultValue("10000") int verifiedTokens) {
}
