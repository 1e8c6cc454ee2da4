package jp.renkei.web.oidc;

import java.net.URI;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The city's OIDC provider, through which staff may sign in to the desk besides their API key (only when
 * {@code issuer-uri} is set; the sign-in page then shows its button).
 *
 * @param issuerUri    the provider's issuer; its discovery document is under {@code /.well-known/openid-configuration}
 * @param clientId     the desk's client id at the provider: the audience of its ID tokens
 * @param clientSecret the desk's secret at the provider, sent as HTTP Basic to the token endpoint; absent for a public
 *                     client, which PKCE protects alone
 * @param scopes       what the desk asks for; {@code openid} always, plus what the provider needs to put the staff
 *                     roles into the access token
 * @param redirectUri  where the provider sends the browser back; by default the desk's callback at the address the
 *                     browser used ({@code /desk/signin/oidc/callback} behind the gateway)
 */
@ConfigurationProperties("renkei.web.oidc")
public record OidcProperties(URI issuerUri, String clientId, String clientSecret,
                             @DefaultValue({"openid", "profile"}) List<String> scopes, URI redirectUri) {

    public OidcProperties {
        if (issuerUri != null && (clientId == null || clientId.isBlank())) {
            throw new IllegalArgumentException("renkei.web.oidc.client-id must be set with the issuer-uri: it is the "
                    + "audience the desk checks in every ID token");
        }
    }

    /** Whether staff may sign in through the provider. */
    public boolean enabled() {
        return issuerUri != null;
    }
}
