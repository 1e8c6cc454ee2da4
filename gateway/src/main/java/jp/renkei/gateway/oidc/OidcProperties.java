package jp.renkei.gateway.oidc;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The city's identity provider, whose staff tokens the gateway accepts besides API keys (only when
 * {@code issuer-uri} is set).
 *
 * @param issuerUri  the {@code iss} a staff token must carry; also where the provider's discovery document is
 * @param audience   an {@code aud} a staff token must carry (the client id the gateway is registered as)
 * @param jwkSetUri  the provider's keys; when absent, read from the discovery document at start
 * @param rolesClaim the claim that lists the staff member's Renkei roles
 */
@ConfigurationProperties("renkei.gateway.oidc")
public record OidcProperties(String issuerUri, String audience, String jwkSetUri,
                             @DefaultValue("roles") String rolesClaim) {
}
