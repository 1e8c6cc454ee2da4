package jp.renkei.support.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jp.renkei.contracts.security.InternalToken;
import jp.renkei.localstack.test.MutableClock;
import jp.renkei.support.security.testing.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/** What a service lets in: tokens for its own audience only, and a remembered token never past its expiry. */
class GatewayTokenVerificationTest {

    private static final TestTokens TOKENS = TestTokens.shared();

    // ahead of the issue times of the tokens the test mints (whole seconds; no clock skew is allowed here)
    private final MutableClock clock = new MutableClock(Instant.now().plusSeconds(60).truncatedTo(ChronoUnit.SECONDS));
    private final AtomicInteger verifications = new AtomicInteger();

    @Test
    void aTokenMintedForPlanServiceIsRefusedByRegionalSyncAndTheOtherWayRound() {
        JwtDecoder planService = verifierFor("plan-service");
        JwtDecoder regionalSync = verifierFor("regional-sync-service");
        String forPlanService = TOKENS.with(claims -> claims.audience("plan-service"), InternalToken.PLAN_EDITOR);
        String forRegionalSync = TOKENS.with(claims -> claims.audience("regional-sync-service"), InternalToken.OPERATOR);

        assertThat(planService.decode(forPlanService).getSubject()).isEqualTo("test-adjusted");
        assertThatThrownBy(() -> regionalSync.decode(forPlanService)).isInstanceOf(JwtValidationException.class)
                .hasMessageContaining("aud");
        assertThat(regionalSync.decode(forRegionalSync).getSubject()).isEqualTo("test-adjusted");
        assertThatThrownBy(() -> planService.decode(forRegionalSync)).isInstanceOf(JwtValidationException.class);
    }

    @Test
    void aVerifiedTokenIsCheckedOnceWhileItIsValid() {
        JwtDecoder cached = new VerifiedTokenCache(counted(verifierFor("plan-service")), 100, clock);
        String token = TOKENS.anonymous();

        cached.decode(token);
        cached.decode(token);
        cached.decode(token);

        assertThat(verifications).hasValue(1);
    }

    @Test
    void aCachedTokenIsRefusedOnceItHasExpired() {
        JwtDecoder cached = new VerifiedTokenCache(verifierFor("plan-service"), 100, clock);
        Instant expiry = clock.instant().plusSeconds(60);
        String token = TOKENS.expiringAt(expiry, InternalToken.PLAN_EDITOR);
        assertThat(cached.decode(token).getExpiresAt()).isEqualTo(expiry);

        clock.advanceTo(expiry.plusSeconds(1));

        assertThatThrownBy(() -> cached.decode(token)).isInstanceOf(JwtValidationException.class)
                .hasMessageContaining("expired");
    }

    @Test
    void theCacheForgetsTheLeastRecentlyUsedTokenWhenFull() {
        JwtDecoder cached = new VerifiedTokenCache(counted(verifierFor("plan-service")), 2, clock);
        String first = TOKENS.anonymous();
        String second = TOKENS.editor();
        String third = TOKENS.partner("ozora");

        cached.decode(first);
        cached.decode(second);
        cached.decode(first);
        cached.decode(third);
        cached.decode(first);
        assertThat(verifications).hasValue(3);
        cached.decode(second);
        assertThat(verifications).hasValue(4);
    }

    /** The verifier, counting the tokens it is asked to verify. */
    private JwtDecoder counted(JwtDecoder verifier) {
        return token -> {
            verifications.incrementAndGet();
            return verifier.decode(token);
        };
    }

    private JwtDecoder verifierFor(String audience) {
        return ServiceSecurityAutoConfiguration.verifier(URI.create(TOKENS.jwksUri()), InternalToken.ISSUER, audience,
                Duration.ZERO, clock);
    }
}
