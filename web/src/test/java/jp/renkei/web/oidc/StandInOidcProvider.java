package jp.renkei.web.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A small OpenID Connect provider on 127.0.0.1 for the tests, standing in for the city's: discovery, an authorization
 * endpoint with a minimal sign-in form (a user name from its directory, then "allow" or "deny"), a token endpoint that
 * checks the PKCE verifier and accepts each code once, refresh tokens, its keys (JWKS) and the end-session endpoint.
 * Its access tokens carry the staff roles in {@code roles} for the gateway's audience, as the gateway's
 * {@code renkei.gateway.oidc.*} expects; its ID tokens are for the desk's client id.
 */
public final class StandInOidcProvider implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** What the authorization request asked for, kept while the sign-in form is shown and then with the code. */
    private record Request(String clientId, String redirectUri, String state, String nonce, String challenge) {
    }

    private record Grant(Request request, String user) {
    }

    private final HttpServer server;
    private final RSAKey key;
    private final String issuer;
    private final String clientId;
    private final String audience;
    private final Map<String, List<String>> directory = new ConcurrentHashMap<>();
    private final Map<String, Request> shownForms = new ConcurrentHashMap<>();
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final Map<String, String> refreshTokens = new ConcurrentHashMap<>();
    private final List<String> accessTokens = new CopyOnWriteArrayList<>();
    private final List<URI> signOuts = new CopyOnWriteArrayList<>();
    private final AtomicInteger refusedCodes = new AtomicInteger();
    private final AtomicInteger refreshes = new AtomicInteger();
    private volatile Duration accessTokenLifetime = Duration.ofMinutes(5);
    private volatile boolean refreshTokensIssued = true;
    private volatile Consumer<JWTClaimsSet.Builder> nextIdTokenChange;
    private volatile boolean nextIdTokenForged;

    /**
     * @param clientId the desk's client id (the audience of the ID tokens)
     * @param audience the gateway's audience (of the access tokens)
     */
    public StandInOidcProvider(String clientId, String audience) {
        this.clientId = clientId;
        this.audience = audience;
        try {
            key = new RSAKeyGenerator(2048).keyID("stand-in-" + UUID.randomUUID()).generate();
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/abashiri";
        server.createContext("/realms/abashiri/", exchange -> {
            try (exchange) {
                route(exchange);
            } catch (RuntimeException e) {
                send(exchange, 500, "text/plain", e.toString());
            }
        });
        server.start();
    }

    public String issuer() {
        return issuer;
    }

    /** Someone who may sign in, with the Renkei roles the provider puts into their access tokens (none for a citizen). */
    public StandInOidcProvider user(String name, String... roles) {
        directory.put(name, List.of(roles));
        return this;
    }

    /** How long the access tokens it issues from now on live ({@code expires_in}). */
    public void accessTokenLifetime(Duration lifetime) {
        accessTokenLifetime = lifetime;
    }

    /** Whether it gives refresh tokens from now on. */
    public void issueRefreshTokens(boolean issued) {
        refreshTokensIssued = issued;
    }

    /** Changes the claims of the next ID token it issues (a wrong nonce, another audience, an expired one…). */
    public void changeNextIdToken(Consumer<JWTClaimsSet.Builder> change) {
        nextIdTokenChange = change;
    }

    /** Signs the next ID token it issues with a key it does not publish, as a forger would. */
    public void forgeNextIdToken() {
        nextIdTokenForged = true;
    }

    /** Every access token it issued, for checking that no page shows one. */
    public List<String> accessTokens() {
        return List.copyOf(accessTokens);
    }

    /** The end-session requests it received. */
    public List<URI> signOuts() {
        return List.copyOf(signOuts);
    }

    /** How many token requests with a code it refused (unknown, used already, wrong verifier or redirect URI). */
    public int refusedCodes() {
        return refusedCodes.get();
    }

    /** How many refresh grants it answered with new tokens. */
    public int refreshes() {
        return refreshes.get();
    }

    private void route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath().substring("/realms/abashiri".length());
        switch (exchange.getRequestMethod() + " " + path) {
            case "GET /.well-known/openid-configuration" -> send(exchange, 200, "application/json", """
                    {"issuer":"%1$s","authorization_endpoint":"%1$s/protocol/auth","token_endpoint":"%1$s/protocol/token",
                     "jwks_uri":"%1$s/protocol/certs","end_session_endpoint":"%1$s/protocol/logout",
                     "response_types_supported":["code"],"subject_types_supported":["public"],
                     "id_token_signing_alg_values_supported":["RS256"],"code_challenge_methods_supported":["S256"]}"""
                    .formatted(issuer));
            case "GET /protocol/certs" -> send(exchange, 200, "application/json",
                    new JWKSet(key.toPublicJWK()).toString());
            case "GET /protocol/auth" -> authorize(exchange, query(exchange.getRequestURI().getRawQuery()));
            case "POST /protocol/auth" -> decide(exchange, form(exchange));
            case "POST /protocol/token" -> token(exchange, form(exchange));
            case "GET /protocol/logout" -> signOut(exchange);
            default -> send(exchange, 404, "text/plain", "not found");
        }
    }

    private void authorize(HttpExchange exchange, Map<String, String> query) throws IOException {
        if (!clientId.equals(query.get("client_id")) || query.get("redirect_uri") == null) {
            send(exchange, 400, "text/plain", "unknown client or no redirect_uri");
            return;
        }
        if (!"code".equals(query.get("response_type")) || !"S256".equals(query.get("code_challenge_method"))
                || query.get("code_challenge") == null || !String.valueOf(query.get("scope")).contains("openid")) {
            redirect(exchange, query.get("redirect_uri"), Map.of("error", "invalid_request",
                    "state", String.valueOf(query.get("state"))));
            return;
        }
        String formId = random();
        shownForms.put(formId, new Request(query.get("client_id"), query.get("redirect_uri"), query.get("state"),
                query.get("nonce"), query.get("code_challenge")));
        send(exchange, 200, "text/html; charset=utf-8", """
                <!DOCTYPE html><html lang="ja"><head><meta charset="UTF-8"><title>市の認証基盤 (stand-in)</title></head>
                <body><main><h1>市の認証基盤</h1>
                <form method="post" action="auth"><input type="hidden" name="form" value="%s">
                <label for="username">ユーザー名</label> <input id="username" name="username">
                <button type="submit" id="allow" name="decision" value="allow">許可</button>
                <button type="submit" id="deny" name="decision" value="deny">拒否</button>
                </form></main></body></html>""".formatted(formId));
    }

    private void decide(HttpExchange exchange, Map<String, String> form) throws IOException {
        Request request = shownForms.remove(String.valueOf(form.get("form")));
        if (request == null) {
            send(exchange, 400, "text/plain", "no such sign-in");
            return;
        }
        Map<String, String> answer = new LinkedHashMap<>();
        if ("allow".equals(form.get("decision")) && directory.containsKey(form.get("username"))) {
            String code = random();
            codes.put(code, new Grant(request, form.get("username")));
            answer.put("code", code);
        } else {
            answer.put("error", "access_denied");
        }
        if (request.state() != null) {
            answer.put("state", request.state());
        }
        redirect(exchange, request.redirectUri(), answer);
    }

    private void token(HttpExchange exchange, Map<String, String> form) throws IOException {
        if (!clientId.equals(form.get("client_id"))) {
            send(exchange, 401, "application/json", "{\"error\":\"invalid_client\"}");
            return;
        }
        if ("refresh_token".equals(form.get("grant_type"))) {
            String user = refreshTokens.remove(String.valueOf(form.get("refresh_token")));
            if (user == null) {
                send(exchange, 400, "application/json", "{\"error\":\"invalid_grant\"}");
                return;
            }
            refreshes.incrementAndGet();
            send(exchange, 200, "application/json", tokens(user, null));
            return;
        }
        // a code is used once: gone from here on, whether this exchange succeeds or not
        Grant grant = codes.remove(String.valueOf(form.get("code")));
        if (!"authorization_code".equals(form.get("grant_type")) || grant == null
                || !grant.request().redirectUri().equals(form.get("redirect_uri"))
                || form.get("code_verifier") == null
                || !OidcClient.challenge(form.get("code_verifier")).equals(grant.request().challenge())) {
            refusedCodes.incrementAndGet();
            send(exchange, 400, "application/json", "{\"error\":\"invalid_grant\"}");
            return;
        }
        send(exchange, 200, "application/json", tokens(grant.user(), grant.request().nonce()));
    }

    private String tokens(String user, String nonce) {
        Instant now = Instant.now();
        Duration lifetime = accessTokenLifetime;
        String accessToken = sign(new JWTClaimsSet.Builder().issuer(issuer).subject(user).audience(audience)
                .claim("preferred_username", user).claim("roles", directory.get(user)).claim("azp", clientId)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(lifetime))).jwtID(random()), key);
        accessTokens.add(accessToken);
        JWTClaimsSet.Builder idClaims = new JWTClaimsSet.Builder().issuer(issuer).subject(user).audience(clientId)
                .claim("preferred_username", user).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))));
        if (nonce != null) {
            idClaims.claim("nonce", nonce);
        }
        Consumer<JWTClaimsSet.Builder> change = nextIdTokenChange;
        nextIdTokenChange = null;
        if (change != null) {
            change.accept(idClaims);
        }
        RSAKey idTokenKey = nextIdTokenForged ? forgedKey() : key;
        nextIdTokenForged = false;
        StringBuilder json = new StringBuilder("{\"token_type\":\"Bearer\",\"access_token\":\"").append(accessToken)
                .append("\",\"expires_in\":").append(lifetime.toSeconds()).append(",\"id_token\":\"")
                .append(sign(idClaims, idTokenKey)).append('"');
        if (refreshTokensIssued) {
            String refreshToken = random();
            refreshTokens.put(refreshToken, user);
            json.append(",\"refresh_token\":\"").append(refreshToken).append('"');
        }
        return json.append('}').toString();
    }

    private void signOut(HttpExchange exchange) throws IOException {
        signOuts.add(exchange.getRequestURI());
        String after = query(exchange.getRequestURI().getRawQuery()).get("post_logout_redirect_uri");
        if (after == null) {
            send(exchange, 200, "text/html; charset=utf-8", "<!DOCTYPE html><title>signed out</title><p>signed out");
        } else {
            redirect(exchange, after, Map.of());
        }
    }

    /** A key of the same id as the published one, which the published one does not verify. */
    private RSAKey forgedKey() {
        try {
            return new RSAKeyGenerator(2048).keyID(key.getKeyID()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sign(JWTClaimsSet.Builder claims, RSAKey signer) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signer.getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims.build());
            jwt.sign(new RSASSASigner(signer));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void redirect(HttpExchange exchange, String target, Map<String, String> parameters)
            throws IOException {
        StringBuilder location = new StringBuilder(target);
        char separator = target.contains("?") ? '&' : '?';
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            location.append(separator).append(parameter.getKey()).append('=')
                    .append(URLEncoder.encode(parameter.getValue(), StandardCharsets.UTF_8));
            separator = '&';
        }
        exchange.getResponseHeaders().set("Location", location.toString());
        exchange.sendResponseHeaders(302, -1);
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static Map<String, String> form(HttpExchange exchange) throws IOException {
        return query(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (raw != null && !raw.isEmpty()) {
            for (String pair : raw.split("&")) {
                int equals = pair.indexOf('=');
                String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                parameters.putIfAbsent(name, value);
            }
        }
        return parameters;
    }

    private static String random() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
