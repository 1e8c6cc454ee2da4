package jp.renkei.gateway.token;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Set;
import java.util.UUID;
import jp.renkei.contracts.security.InternalToken;
import jp.renkei.gateway.access.Caller;
import jp.renkei.gateway.access.Role;
import org.springframework.stereotype.Component;

/**
 * Mints the internal token for a caller and the service it calls (ES256), and publishes the public key as a JWK set.
 * Signing costs about a millisecond of CPU, so a caller's token for a service is handed out again for
 * {@code reuse} (half its lifetime by default) instead of being signed per request; the request id therefore travels
 * in its own header ({@code X-Request-Id}), not in the token. Reuse never outlives the caller's credential: the key
 * is checked on every request before a token is handed out.
 */
@Component
public class InternalTokens {

    private final ECKey signingKey;
    private final JWSSigner signer;
    private final String jwkSet;
    private final InternalTokenProperties properties;
    private final Clock clock;
    private final Cache<TokenFor, String> reusable;

    public InternalTokens(InternalTokenProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
        this.signingKey = properties.signingKey() == null || properties.signingKey().isBlank()
                ? generated() : configured(properties.signingKey());
        try {
            this.signer = new ECDSASigner(signingKey);
        } catch (JOSEException e) {
            throw new IllegalStateException("the internal token's signing key is unusable", e);
        }
        this.jwkSet = new JWKSet(signingKey.toPublicJWK()).toString();
        this.reusable = Caffeine.newBuilder().maximumSize(properties.cachedCallers())
                .expireAfterWrite(properties.reuse()).build();
    }

    /** Who a token speaks for and to: callers with the same key, roles and partner share it per service. */
    private record TokenFor(String subject, Set<Role> roles, String partnerId, String keyId, String audience) {
    }

    /** The public key, as services fetch it: {@code {"keys": [...]}}. */
    public String jwkSet() {
        return jwkSet;
    }

    /** A token for the caller, accepted only by {@code audience} (the service's name): reused while fresh. */
    public String tokenFor(Caller caller, String audience) {
        return reusable.get(new TokenFor(caller.subject(), caller.roles(), caller.partnerId(), caller.keyId(),
                audience), this::mint);
    }

    private String mint(TokenFor caller) {
        Instant now = Instant.now(clock);
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(InternalToken.ISSUER)
                .audience(caller.audience())
                .subject(caller.subject())
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(properties.ttl())))
                .jwtID(UUID.randomUUID().toString())
                .claim(InternalToken.ROLES, caller.roles().stream().map(Role::claim).toList());
        if (caller.partnerId() != null) {
            claims.claim(InternalToken.PARTNER_ID, caller.partnerId());
        }
        SignedJWT token = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(signingKey.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims.build());
        try {
            token.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign the internal token", e);
        }
        return token.serialize();
    }

    private static ECKey generated() {
        try {
            return new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256)
                    .keyID("gateway-" + UUID.randomUUID()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("could not generate the internal token's key pair", e);
        }
    }

    private static ECKey configured(String jwk) {
        try {
            ECKey key = ECKey.parse(jwk);
            if (!key.isPrivate() || !Curve.P_256.equals(key.getCurve()) || key.getKeyID() == null) {
                throw new IllegalStateException("renkei.gateway.internal-token.signing-key must be a private P-256 "
                        + "JWK with a kid");
            }
            return key;
        } catch (ParseException e) {
            throw new IllegalStateException("renkei.gateway.internal-token.signing-key is not a JWK", e);
        }
    }
}
