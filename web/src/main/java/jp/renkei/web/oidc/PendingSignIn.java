package jp.renkei.web.oidc;

import java.io.Serial;
import java.io.Serializable;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;

/**
 * A sign-in at the provider under way, kept in the browser's session until the provider sends it back: the
 * {@code state} the answer must carry, the {@code nonce} the ID token must carry, the PKCE verifier, the redirect URI
 * the code is bound to, and when it started.
 */
public record PendingSignIn(String state, String nonce, String codeVerifier, URI redirectUri, Instant startedAt)
        implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** Longer than anyone takes to sign in at the provider; an older answer is a stale tab or a replay. */
    public static final Duration VALID_FOR = Duration.ofMinutes(10);

    /** Whether the provider's answer with this {@code state}, arriving at {@code now}, belongs to this sign-in. */
    public boolean answeredBy(String answeredState, Instant now) {
        return answeredState != null && MessageDigest.isEqual(state.getBytes(StandardCharsets.US_ASCII),
                answeredState.getBytes(StandardCharsets.US_ASCII)) && now.isBefore(startedAt.plus(VALID_FOR));
    }

    @Override
    public String toString() {
        return "PendingSignIn[hidden, startedAt=" + startedAt + "]";
    }
}
