package jp.renkei.support.security.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import jp.renkei.contracts.security.InternalToken;

/**
 * Plays the gateway for a service under test: a key pair, its public half served as a JWK set on a loopback port,
 * and tokens for any role and partner — valid ones, and the kinds a service must refuse (expired, signed with
 * another key, tampered with). One per test JVM ({@link #shared()}); point the service at it with
 * {@link #springProperties()}.
 */
public final class TestTokens {

    public static final String JWKS_PATH = "/jwks.json";
    /**
     * The audiences a token from here carries unless a test says otherwise: every service's own name, so one token
     * serves any service under test. A test of audiences sets one with {@link #with}.
     */
    public static final List<String> SERVICES = List.of("plan-service", "consultation-service",
            "regional-sync-service");
    private static TestTokens shared;

    private final ECKey key;
    private final ECKey impostor;
    private final HttpServer server;

    private TestTokens() {
        String keyId = "test-gateway-" + UUID.randomUUID();
        key = generate(keyId);
        // the same key id, another key: what a forger who knows the id but not the key would sign with
        impostor = generate(keyId);
        String jwks = new JWKSet(key.toPublicJWK()).toString();
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext(JWKS_PATH, exchange -> {
            byte[] body = jwks.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
    }

    public static synchronized TestTokens shared() {
        if (shared == null) {
            shared = new TestTokens();
        }
        return shared;
    }

    public String jwksUri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + JWKS_PATH;
    }

    /**
     * The private signing key as a JWK, for a gateway under test ({@code renkei.gateway.internal-token.signing-key})
     * that must sign as these tokens are signed, so a service accepts both alike.
     */
    public String signingKeyJwk() {
        return key.toJSONString();
    }

    /** {@code renkei.security.jwks-uri} for a service under test. */
    public Map<String, Object> springProperties() {
        return Map.of("renkei.security.jwks-uri", jwksUri());
    }

    /** A valid token for {@code subject} with these roles (names as in {@link InternalToken}). */
    public String token(String subject, String... roles) {
        return sign(key, claims(subject, List.of(roles), null, Instant.now()).build());
    }

    public String editor() {
        return token("test-editor", InternalToken.PLAN_EDITOR);
    }

    /** What the gateway forwards for an anonymous caller. */
    public String anonymous() {
        return token("anonymous", InternalToken.PUBLIC);
    }

    public String partner(String partnerId) {
        return sign(key, claims(partnerId + "-staff", List.of(InternalToken.PARTNER), partnerId, Instant.now()).build());
    }

    /** A valid token that expires at {@code expiresAt}, for a test of what happens then. */
    public String expiringAt(Instant expiresAt, String... roles) {
        return sign(key, claims("test-expiring", List.of(roles), null, expiresAt.minus(Duration.ofMinutes(5)))
                .expirationTime(Date.from(expiresAt)).build());
    }

    /** A token that expired five minutes ago. */
    public String expired(String... roles) {
        return sign(key, claims("test-expired", List.of(roles), null, Instant.now().minus(Duration.ofMinutes(10)))
                .build());
    }

    /** Signed with a key the JWK set does not hold, under the id of one it does. */
    public String signedWithAnotherKey(String... roles) {
        return sign(impostor, claims("test-impostor", List.of(roles), null, Instant.now()).build());
    }

    /** A valid {@code PUBLIC} token whose claims were then rewritten to these roles, the signature kept. */
    public String tampered(String... roles) {
        String[] parts = anonymous().split("\\.");
        String claims = claims("anonymous", List.of(roles), null, Instant.now()).build().toString();
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    }

    /** A valid token with its claims changed by {@code adjust}, e.g. another issuer or audience. */
    public String with(Consumer<JWTClaimsSet.Builder> adjust, String... roles) {
        JWTClaimsSet.Builder claims = claims("test-adjusted", List.of(roles), null, Instant.now());
        adjust.accept(claims);
        return sign(key, claims.build());
    }

    private static JWTClaimsSet.Builder claims(String subject, List<String> roles, String partnerId, Instant issued) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(InternalToken.ISSUER).audience(SERVICES).subject(subject)
                .issueTime(Date.from(issued)).notBeforeTime(Date.from(issued))
                .expirationTime(Date.from(issued.plus(Duration.ofMinutes(5)))).jwtID(UUID.randomUUID().toString())
                .claim(InternalToken.ROLES, roles);
        if (partnerId != null) {
            claims.claim(InternalToken.PARTNER_ID, partnerId);
        }
        return claims;
    }

    private static String sign(ECKey signingKey, JWTClaimsSet claims) {
        SignedJWT token = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(signingKey.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        try {
            token.sign(new ECDSASigner(signingKey));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return token.serialize();
    }

    private static ECKey generate(String keyId) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(keyId).algorithm(JWSAlgorithm.ES256).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
