package jp.renkei.web.oidc;

import java.io.Serial;
import java.io.Serializable;
import java.time.Instant;

/**
 * What the city's provider gave a member of staff at sign-in, kept only in their HTTP session: the access token (the
 * credential the desk sends to the gateway), the refresh token if the provider gave one, the ID token (the hint for the
 * provider's own sign-out) and when the access token expires (null when the provider did not say).
 */
public record OidcTokens(String accessToken, String refreshToken, String idToken, Instant expiresAt)
        implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** Whether the access token has expired at {@code now}, or will within {@code marginSeconds}. */
    public boolean expiredAt(Instant now, long marginSeconds) {
        return expiresAt != null && !now.plusSeconds(marginSeconds).isBefore(expiresAt);
    }

    /** Never a token: the text a log line may show. */
    @Override
    public String toString() {
        return "OidcTokens[hidden, expiresAt=" + expiresAt + "]";
    }
}
