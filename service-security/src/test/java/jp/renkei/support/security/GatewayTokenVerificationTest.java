package jp.renkei.support.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jp.renkei.contracts.security.InternalToken;
import jp.renkei.localstack.test.MutableClock;
import jp.renkei.support.security.testing.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
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

    @Test
    void theKeySetMayBeAFileReadAgainWhenATokenNamesAKeyItDoesNotHold(@TempDir Path directory) throws Exception {
        Path keySet = directory.resolve("gateway-jwks.json");
        ECKey other = new ECKeyGenerator(Curve.P_256).keyID("gateway-replaced").generate();
        Files.writeString(keySet, new JWKSet(other.toPublicJWK()).toString());
        JwtDecoder planService = ServiceSecurityAutoConfiguration.verifier(keySet.toUri(), InternalToken.ISSUER,
                "plan-service", Duration.ZERO, clock);
        String token = TOKENS.editor();

        assertThatThrownBy(() -> planService.decode(token)).isInstanceOf(JwtException.class);

        // the gateway's key is replaced in the file, as the local stack or an orchestrator would replace it
        Files.writeString(keySet, new JWKSet(ECKey.parse(TOKENS.signingKeyJwk()).toPublicJWK()).toString());
        Files.setLastModifiedTime(keySet, FileTime.from(Instant.now().plusSeconds(5)));

        assertThat(planService.decode(token).getClaimAsStringList(InternalToken.ROLES))
                .containsExactly(InternalToken.PLAN_EDITOR);
        // a token signed with another key under the same key id is still refused
        assertThatThrownBy(() -> planService.decode(TOKENS.signedWithAnotherKey(InternalToken.OPERATOR)))
                .isInstanceOf(JwtException.class);
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
