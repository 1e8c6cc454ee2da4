package jp.renkei.gateway.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;
import jp.renkei.contracts.security.InternalToken;
import jp.renkei.gateway.support.RunningGateway;
import jp.renkei.localstack.test.RenkeiInfrastructureExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** With an identity provider configured, its staff tokens open the gateway like keys; nothing else does. */
@ExtendWith(RenkeiInfrastructureExtension.class)
class StaffTokenTest {

    private static final String ISSUER = "https://idp.city.example/realms/abashiri";
    private static final String AUDIENCE = "renkei-gateway";
    private static final String MEASURE = "/api/plans/abashiri-comprehensive-plan/measures/5-2-1";

    private static RSAKey providerKey;
    private static HttpServer provider;
    private static RunningGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        providerKey = new RSAKeyGenerator(2048).keyID("idp-1").generate();
        byte[] jwks = new JWKSet(providerKey.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        provider.createContext("/certs", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
            exchange.close();
        });
        provider.start();
        gateway = new RunningGateway("--renkei.gateway.oidc.issuer-uri=" + ISSUER,
                "--renkei.gateway.oidc.audience=" + AUDIENCE,
                "--renkei.gateway.oidc.jwk-set-uri=http://127.0.0.1:" + provider.getAddress().getPort() + "/certs");
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (provider != null) {
            provider.stop(0);
        }
    }

    @Test
    void aStaffTokenWithTheEditorRoleEditsUnderTheStaffMembersName() throws Exception {
        HttpResponse<String> write = put(staffToken(claims -> { }, "PLAN_EDITOR"));

        assertThat(write.statusCode()).isEqualTo(200);
        String forwarded = gateway.service().withRequestId(write.headers().firstValue("X-Request-Id").orElseThrow())
                .header("Authorization").substring("Bearer ".length());
        JWTClaimsSet internal = SignedJWT.parse(forwarded).getJWTClaimsSet();
        assertThat(internal.getSubject()).isEqualTo("yamada.taro");
        assertThat(internal.getStringListClaim(InternalToken.ROLES)).containsExactly("PLAN_EDITOR");
        assertThat(internal.getIssuer()).isEqualTo(InternalToken.ISSUER);
    }

    @Test
    void tokensForAnotherAudienceOrIssuerOrExpiredOrSelfSignedAreRefused() throws Exception {
        assertThat(put(staffToken(claims -> claims.audience("another-app"), "PLAN_EDITOR")).statusCode()).isEqualTo(401);
        assertThat(put(staffToken(claims -> claims.issuer("https://evil.example"), "PLAN_EDITOR")).statusCode())
                .isEqualTo(401);
        assertThat(put(staffToken(claims -> claims.expirationTime(Date.from(Instant.now().minusSeconds(600))),
                "PLAN_EDITOR")).statusCode()).isEqualTo(401);
        RSAKey forger = new RSAKeyGenerator(2048).keyID("idp-1").generate();
        assertThat(put(sign(forger, claims(claims -> { }, "PLAN_EDITOR"))).statusCode()).isEqualTo(401);
        assertThat(gateway.service().calls("PUT /plans/abashiri-comprehensive-plan/measures/5-2-1")).isZero();
    }

    @Test
    void onlyStaffRolesAreTakenFromTheToken() throws Exception {
        String partnerClaim = staffToken(claims -> claims.claim("partner_id", "ozora"), "PARTNER", "MODERATOR");

        assertThat(gateway.get("/api/partners/ozora/feed", partnerClaim).statusCode()).isEqualTo(403);
        assertThat(put(partnerClaim).statusCode()).isEqualTo(403);
        assertThat(gateway.get(MEASURE, partnerClaim).statusCode()).isEqualTo(200);
    }

    private static HttpResponse<String> put(String token) {
        return gateway.send(gateway.request(MEASURE).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{}")));
    }

    private static String staffToken(Consumer<JWTClaimsSet.Builder> adjust, String... roles) throws Exception {
        return sign(providerKey, claims(adjust, roles));
    }

    private static JWTClaimsSet claims(Consumer<JWTClaimsSet.Builder> adjust, String... roles) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(ISSUER).audience(List.of(AUDIENCE, "account"))
                .subject("f3c1a2b4-staff").claim("preferred_username", "yamada.taro")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
                .claim("roles", List.of(roles));
        adjust.accept(claims);
        return claims.build();
    }

    private static String sign(RSAKey key, JWTClaimsSet claims) throws Exception {
        SignedJWT token = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        token.sign(new RSASSASigner(key));
        return token.serialize();
    }
}
