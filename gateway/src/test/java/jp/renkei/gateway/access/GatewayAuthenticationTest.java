package jp.renkei.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.renkei.contracts.security.InternalToken;
import jp.renkei.gateway.keys.ApiKeySecrets;
import jp.renkei.gateway.support.RunningGateway;
import jp.renkei.gateway.support.StandInService.Received;
import jp.renkei.localstack.test.RenkeiInfrastructureExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who may call what: API keys, the key API, and the internal token the services receive instead of anything the
 * client sent.
 */
@ExtendWith(RenkeiInfrastructureExtension.class)
class GatewayAuthenticationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String MEASURE = "/api/plans/abashiri-comprehensive-plan/measures/5-2-2";
    private static RunningGateway gateway;

    @BeforeAll
    static void start() {
        gateway = new RunningGateway();
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void anonymousCallersReadWithAPublicTokenButCannotChangeTheMeasure() throws Exception {
        HttpResponse<String> read = gateway.get(MEASURE);
        assertThat(read.statusCode()).isEqualTo(200);
        JWTClaimsSet token = internalTokenOf(read);
        assertThat(token.getSubject()).isEqualTo("anonymous");
        assertThat(token.getStringListClaim(InternalToken.ROLES)).containsExactly("PUBLIC");

        String untouched = "/api/plans/abashiri-comprehensive-plan/measures/5-1-3";
        HttpResponse<String> write = gateway.send("PUT", untouched, null, "{\"title\":\"改ざん\"}");

        assertThat(write.statusCode()).isEqualTo(401);
        assertThat(write.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(write.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
        assertThat(write.headers().firstValue("X-Request-Id")).isPresent();
        assertThat(write.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(gateway.service().calls("PUT /plans/abashiri-comprehensive-plan/measures/5-1-3")).isZero();
    }

    @Test
    void anEditorKeyChangesTheMeasureAndTheServiceLearnsWhoDidIt() throws Exception {
        HttpResponse<String> write = gateway.send("PUT", MEASURE, gateway.editorKey, "{\"title\":\"広域連携\"}");

        assertThat(write.statusCode()).isEqualTo(200);
        JWTClaimsSet token = internalTokenOf(write);
        assertThat(token.getSubject()).isEqualTo("demo-editor");
        assertThat(token.getStringListClaim(InternalToken.ROLES)).containsExactly("PLAN_EDITOR");
        assertThat(token.getIssuer()).isEqualTo(InternalToken.ISSUER);
        // for plan-service alone: any other service refuses it
        assertThat(token.getAudience()).containsExactly("plan-service");
        assertThat(token.getStringClaim(InternalToken.REQUEST_ID)).isNull();
        String requestId = write.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(gateway.service().withRequestId(requestId).path()).isEqualTo("/plans/abashiri-comprehensive-plan/measures/5-2-2");
        assertThat(Duration.between(token.getIssueTime().toInstant(), token.getExpirationTime().toInstant()))
                .isLessThanOrEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void aCallersTokenIsReusedPerServiceAndMintedForEachServiceAlone() throws Exception {
        HttpResponse<String> first = gateway.get(MEASURE, gateway.operatorKey);
        HttpResponse<String> second = gateway.get(MEASURE, gateway.operatorKey);
        HttpResponse<String> sync = gateway.get("/api/partners/ozora/feed", gateway.operatorKey);

        assertThat(tokenOf(first)).isEqualTo(tokenOf(second));
        assertThat(internalTokenOf(sync).getAudience()).containsExactly("regional-sync-service");
        assertThat(internalTokenOf(first).getSubject()).isEqualTo(internalTokenOf(sync).getSubject());
    }

    @Test
    void aKeyWithoutTheRoleIsForbiddenAndABadKeyIsUnauthorizedEvenForReads() {
        HttpResponse<String> moderator = gateway.send("PUT", MEASURE, gateway.moderatorKey, "{}");
        assertThat(moderator.statusCode()).isEqualTo(403);
        assertThat(moderator.body()).contains("forbidden");

        assertThat(gateway.get(MEASURE, ApiKeySecrets.newKey()).statusCode()).isEqualTo(401);
        String tampered = gateway.editorKey.substring(0, gateway.editorKey.length() - 2) + "xx";
        assertThat(gateway.get(MEASURE, tampered).statusCode()).isEqualTo(401);
        assertThat(gateway.send(gateway.request(MEASURE).header("Authorization", "Basic ZGVtbzpkZW1v").GET())
                .statusCode()).isEqualTo(401);
    }

    @Test
    void identityHeadersAClientSendsNeverReachTheService() throws Exception {
        HttpResponse<String> response = gateway.send(gateway.request(MEASURE)
                .header("Authorization", "Bearer " + gateway.editorKey)
                .header("X-User-Id", "mayor").header("X-Renkei-Roles", "OPERATOR").header("X-Forwarded-User", "mayor")
                .header("X-Partner-Id", "okhotsk-council").header("Remote-User", "mayor").header("X-Roles", "OPERATOR")
                .header("Cookie", "session=stolen").GET());

        assertThat(response.statusCode()).isEqualTo(200);
        Received received = gateway.service().withRequestId(response.headers().firstValue("X-Request-Id").orElseThrow());
        assertThat(received.headers().keySet()).noneMatch(name -> List.of("x-user-id", "x-renkei-roles",
                "x-forwarded-user", "x-partner-id", "remote-user", "x-roles", "cookie").contains(name.toLowerCase()));
        assertThat(received.header("Authorization")).doesNotContain(gateway.editorKey);
        assertThat(internalTokenOf(response).getStringListClaim(InternalToken.ROLES)).containsExactly("PLAN_EDITOR");
    }

    @Test
    void theWebPagesSeeTheHostTheBrowserAskedForSoTheirAbsoluteLinksComeBackHere() {
        HttpResponse<String> feed = gateway.send(gateway.request("/feeds/plan.atom").GET());
        HttpResponse<String> api = gateway.send(gateway.request(MEASURE).GET());

        String gatewayAuthority = java.net.URI.create(gateway.url()).getAuthority();
        assertThat(gateway.service().withRequestId(feed.headers().firstValue("X-Request-Id").orElseThrow())
                .header("Host")).isEqualTo(gatewayAuthority);
        assertThat(gateway.service().withRequestId(api.headers().firstValue("X-Request-Id").orElseThrow())
                .header("Host")).isNotEqualTo(gatewayAuthority);
    }

    @Test
    void aCallerLearnsWhoTheGatewayTakesItToBeAndNeverItsKey() {
        JsonNode editor = JSON.readTree(gateway.get("/api/me", gateway.editorKey).body());
        assertThat(editor.path("subject").asString()).isEqualTo("demo-editor");
        assertThat(editor.path("roles")).extracting(JsonNode::asString).containsExactly("PLAN_EDITOR");
        assertThat(editor.path("anonymous").asBoolean()).isFalse();
        assertThat(editor.path("keyId").asString()).isEqualTo(ApiKeySecrets.lookupId(gateway.editorKey));

        HttpResponse<String> ozora = gateway.get("/api/me", gateway.ozoraKey);
        assertThat(ozora.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
        assertThat(ozora.body()).doesNotContain(gateway.ozoraKey);
        assertThat(JSON.readTree(ozora.body()).path("partnerId").asString()).isEqualTo("ozora");
        assertThat(JSON.readTree(ozora.body()).path("roles")).extracting(JsonNode::asString).containsExactly("PARTNER");

        JsonNode anonymous = JSON.readTree(gateway.get("/api/me").body());
        assertThat(anonymous.path("anonymous").asBoolean()).isTrue();
        assertThat(anonymous.path("roles")).extracting(JsonNode::asString).containsExactly("PUBLIC");
        assertThat(gateway.get("/api/me", "rk_" + "x".repeat(43)).statusCode()).isEqualTo(401);
        assertThat(gateway.send("POST", "/api/me", gateway.editorKey, "{}").statusCode()).isIn(404, 405);
    }

    @Test
    void onlyTheWebPagesGetTheBrowsersCookiesForTheirFormsSession() throws Exception {
        HttpResponse<String> page = gateway.send(gateway.request("/measures/5-1-3")
                .header("Cookie", "RENKEI_SESSION=abc").GET());
        HttpResponse<String> api = gateway.send(gateway.request(MEASURE).header("Cookie", "RENKEI_SESSION=abc").GET());

        assertThat(gateway.service().withRequestId(page.headers().firstValue("X-Request-Id").orElseThrow())
                .header("Cookie")).isEqualTo("RENKEI_SESSION=abc");
        assertThat(gateway.service().withRequestId(api.headers().firstValue("X-Request-Id").orElseThrow())
                .headers().keySet()).noneMatch(name -> name.equalsIgnoreCase("cookie"));
    }

    @Test
    void aPartnerReachesItsOwnPartnerDataOnly() {
        assertThat(gateway.get("/api/partners/ozora/feed?after=0", gateway.ozoraKey).statusCode()).isEqualTo(200);
        assertThat(gateway.get("/api/partners/ozora/deliveries", gateway.ozoraKey).statusCode()).isEqualTo(200);

        assertThat(gateway.get("/api/partners/okhotsk-council/feed?after=0", gateway.ozoraKey).statusCode())
                .isEqualTo(403);
        assertThat(gateway.get("/api/partners/okhotsk-council/deliveries", gateway.ozoraKey).statusCode())
                .isEqualTo(403);
        assertThat(gateway.get("/api/partners", gateway.ozoraKey).statusCode()).isEqualTo(403);
        assertThat(gateway.get("/api/partners/okhotsk-council/feed", gateway.operatorKey).statusCode()).isEqualTo(200);
        assertThat(gateway.service().calls("GET /partners/okhotsk-council/deliveries")).isZero();
    }

    @Test
    void anOperatorIssuesAKeyShownOnceAndARevokedKeyStopsWorkingAtOnceThoughItsTokenIsCached() {
        HttpResponse<String> issued = gateway.send("POST", "/api/keys", gateway.operatorKey,
                "{\"owner\":\"企画課 山田\",\"roles\":[\"PLAN_EDITOR\"],\"validDays\":30}");
        assertThat(issued.statusCode()).isEqualTo(201);
        assertThat(issued.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
        JsonNode body = JSON.readTree(issued.body());
        String key = body.path("key").asString();
        String id = body.path("details").path("id").asString();
        assertThat(ApiKeySecrets.looksLikeKey(key)).isTrue();
        assertThat(body.path("details").path("owner").asString()).isEqualTo("企画課 山田");

        HttpResponse<String> listed = gateway.get("/api/keys", gateway.operatorKey);
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.body()).contains(id).contains("企画課 山田").doesNotContain(key)
                .doesNotContain(ApiKeySecrets.sha256(key));

        HttpResponse<String> before = gateway.send("PUT", MEASURE, key, "{}");
        HttpResponse<String> again = gateway.send("PUT", MEASURE, key, "{}");
        assertThat(before.statusCode()).isEqualTo(200);
        // the caller's internal token is reused: revocation must win over it
        assertThat(tokenOf(again)).isEqualTo(tokenOf(before));
        assertThat(gateway.send("DELETE", "/api/keys/" + id, gateway.operatorKey, "").statusCode()).isEqualTo(200);

        HttpResponse<String> afterRevocation = gateway.send("PUT", MEASURE, key, "{}");
        assertThat(afterRevocation.statusCode()).isEqualTo(401);
        assertThat(afterRevocation.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(gateway.get(MEASURE, key).statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(gateway.get("/api/keys/" + id, gateway.operatorKey).body()).path("revokedAt").isNull())
                .isFalse();
    }

    @Test
    void onlyOperatorsManageKeysAndBadRequestsNameTheField() {
        String request = "{\"owner\":\"x\",\"roles\":[\"OPERATOR\"]}";
        assertThat(gateway.send("POST", "/api/keys", null, request).statusCode()).isEqualTo(401);
        assertThat(gateway.send("POST", "/api/keys", gateway.editorKey, request).statusCode()).isEqualTo(403);
        assertThat(gateway.get("/api/keys", gateway.ozoraKey).statusCode()).isEqualTo(403);

        HttpResponse<String> noPartner = gateway.send("POST", "/api/keys", gateway.operatorKey,
                "{\"owner\":\"大空町\",\"roles\":[\"PARTNER\"]}");
        assertThat(noPartner.statusCode()).isEqualTo(400);
        assertThat(noPartner.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(JSON.readTree(noPartner.body()).path("field").asString()).isEqualTo("partnerId");
        HttpResponse<String> publicRole = gateway.send("POST", "/api/keys", gateway.operatorKey,
                "{\"owner\":\"x\",\"roles\":[\"PUBLIC\"]}");
        assertThat(JSON.readTree(publicRole.body()).path("field").asString()).isEqualTo("roles");
        assertThat(gateway.send("DELETE", "/api/keys/nosuchkey123", gateway.operatorKey, "").statusCode())
                .isEqualTo(404);
    }

    /** Read as every service reads a body: each of these issued a key before (a number became the owner's name). */
    @Test
    void aKeyRequestOfTheWrongKindIsRefusedNamingTheFieldAndIssuesNothing() {
        int keysBefore = JSON.readTree(gateway.get("/api/keys", gateway.operatorKey).body()).size();
        Map<String, String> refusedAt = new LinkedHashMap<>();
        refusedAt.put("{\"owner\":1,\"roles\":[\"OPERATOR\"]}", "owner");
        refusedAt.put("{\"owner\":true,\"roles\":[\"OPERATOR\"]}", "owner");
        refusedAt.put("{\"owner\":\"x\",\"roles\":[\"OPERATOR\"],\"validDays\":\"30\"}", "validDays");
        refusedAt.put("{\"owner\":\"x\",\"roles\":[\"OPERATOR\"],\"validDays\":30.5}", "validDays");
        refusedAt.put("{\"owner\":\"x\",\"roles\":[1]}", "roles[0]");
        refusedAt.put("{\"owner\":\"x\",\"owner\":\"y\",\"roles\":[\"OPERATOR\"]}", null);
        refusedAt.put("{\"owner\":\"x\",\"roles\":[\"OPERATOR\"]} {}", null);
        refusedAt.put("{\"owner\":\"x\\u0000\",\"roles\":[\"OPERATOR\"]}", null);

        refusedAt.forEach((body, field) -> {
            HttpResponse<String> refused = gateway.send("POST", "/api/keys", gateway.operatorKey, body);
            assertThat(refused.statusCode()).as(body + " → " + refused.body()).isEqualTo(400);
            assertThat(refused.headers().firstValue("Content-Type").orElse("")).as(body)
                    .startsWith("application/problem+json");
            String named = JSON.readTree(refused.body()).path("field").asString();
            if (field == null) {
                assertThat(named).as(body).isNotEmpty();
            } else {
                assertThat(named).as(body + " → " + refused.body()).isEqualTo(field);
            }
        });
        assertThat(JSON.readTree(gateway.get("/api/keys", gateway.operatorKey).body()).size()).isEqualTo(keysBefore);
    }

    /**
     * Every rule of the matrix, every method it names, every role: the gateway lets through exactly what the table
     * says, and refuses the rest with 401 (no key) or 403. A partner is also tried against another partner's id.
     */
    @Test
    void theWholeMatrixIsEnforcedRoleByRole() {
        List<String> unexpected = new ArrayList<>();
        for (AccessMatrix.Rule rule : AccessMatrix.RULES) {
            String path = rule.paths().get(0).replace("{partnerId}", "ozora").replaceAll("\\{[^}]+}", "c-1")
                    .replace("/**", "/sample");
            Set<HttpMethod> methods = rule.methods().isEmpty() ? Set.of(HttpMethod.GET, HttpMethod.POST) : rule.methods();
            for (HttpMethod method : methods) {
                for (Role role : Role.values()) {
                    boolean allowed = !rule.cell(role).equals("—");
                    int status = call(method, path, keyOf(role));
                    if (allowed == (status == 401 || status == 403)) {
                        unexpected.add(method + " " + path + " as " + role + ": " + status);
                    }
                    if (role == Role.PUBLIC && !allowed && status != 401) {
                        unexpected.add(method + " " + path + " anonymous: " + status + " instead of 401");
                    }
                }
                if (rule.ownPartnerOnly()) {
                    int status = call(method, path.replace("ozora", "okhotsk-council"), gateway.ozoraKey);
                    if (status != 403) {
                        unexpected.add(method + " " + path + " as another partner: " + status);
                    }
                }
            }
        }
        assertThat(unexpected).isEmpty();
    }

    private static String keyOf(Role role) {
        return switch (role) {
            case PUBLIC -> null;
            case PLAN_EDITOR -> gateway.editorKey;
            case MODERATOR -> gateway.moderatorKey;
            case OPERATOR -> gateway.operatorKey;
            case PARTNER -> gateway.ozoraKey;
        };
    }

    private static int call(HttpMethod method, String path, String key) {
        HttpRequest.Builder request = gateway.request(path).method(method.name(), method == HttpMethod.GET
                || method == HttpMethod.HEAD ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("{}"))
                .header("Content-Type", "application/json");
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        try {
            if (method == HttpMethod.HEAD) {
                // the JDK client can leave a pooled connection unusable after a HEAD answer; give each its own
                return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode();
            }
            return gateway.send(request).statusCode();
        } catch (Exception e) {
            throw new AssertionError(method + " " + path + " with key " + (key != null) + ": " + e, e);
        }
    }

    /** The token the stand-in service received for this response's request, verified with the gateway's JWK set. */
    /** The internal token the service received for this call, as it was sent. */
    private static String tokenOf(HttpResponse<String> response) {
        Received received = gateway.service().withRequestId(response.headers().firstValue("X-Request-Id").orElseThrow());
        return received.header("Authorization");
    }

    private static JWTClaimsSet internalTokenOf(HttpResponse<String> response) throws Exception {
        Received received = gateway.service().withRequestId(response.headers().firstValue("X-Request-Id").orElseThrow());
        String authorization = received.header("Authorization");
        assertThat(authorization).startsWith("Bearer ");
        SignedJWT token = SignedJWT.parse(authorization.substring("Bearer ".length()));
        JWKSet keys = JWKSet.parse(gateway.get(InternalToken.JWKS_PATH).body());
        ECKey key = (ECKey) keys.getKeyByKeyId(token.getHeader().getKeyID());
        assertThat(key).isNotNull();
        assertThat(key.isPrivate()).isFalse();
        assertThat(token.verify(new ECDSAVerifier(key))).isTrue();
        return token.getJWTClaimsSet();
    }
}
