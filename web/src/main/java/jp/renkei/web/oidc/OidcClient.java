package jp.renkei.web.oidc;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import jp.renkei.web.WebProperties;
import jp.renkei.web.oidc.OidcSignInException.Failure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The desk as a client of the city's OIDC provider: the authorization code flow with PKCE (S256), {@code state} and
 * {@code nonce}; the ID token checked (signature by the provider's published keys, issuer, audience, expiry, nonce);
 * refreshing an access token; the provider's sign-out. Everything the provider says is read from its discovery
 * document, once, at the first sign-in (the desk starts even while the provider is away).
 */
@Component
@ConditionalOnProperty("renkei.web.oidc.issuer-uri")
public class OidcClient {

    private static final Logger log = LoggerFactory.getLogger(OidcClient.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT =
            new ParameterizedTypeReference<>() { };

    /** What the discovery document names. */
    private record Provider(String issuer, URI authorizationEndpoint, URI tokenEndpoint, URI endSessionEndpoint,
                            JwtDecoder idTokens) {
    }

    private final OidcProperties properties;
    private final RestClient http;
    private final RestTemplate keys;
    private final Clock clock = Clock.systemUTC();
    private volatile Provider provider;

    public OidcClient(OidcProperties properties, WebProperties web) {
        this.properties = properties;
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(web.connectTimeout()).build());
        requests.setReadTimeout(web.requestTimeout());
        this.http = RestClient.builder().requestFactory(requests)
                .defaultHeader("Accept", MediaType.APPLICATION_JSON_VALUE).build();
        this.keys = new RestTemplate(requests);
    }

    /** A new sign-in: its secrets, which stay in the browser's session until the provider sends the browser back. */
    public PendingSignIn begin(URI redirectUri) {
        return new PendingSignIn(random(), random(), random() + random(), redirectUri, clock.instant());
    }

    /** Where the browser goes to sign in at the provider. */
    public URI authorizationUrl(PendingSignIn pending) {
        return UriComponentsBuilder.fromUri(provider().authorizationEndpoint())
                .queryParam("response_type", "code")
                .queryParam("client_id", properties.clientId())
                .queryParam("redirect_uri", pending.redirectUri())
                .queryParam("scope", String.join(" ", scopes()))
                .queryParam("state", pending.state())
                .queryParam("nonce", pending.nonce())
                .queryParam("code_challenge", challenge(pending.codeVerifier()))
                .queryParam("code_challenge_method", "S256")
                .encode().build().toUri();
    }

    /** The code the provider sent back, exchanged (with the PKCE verifier) for checked tokens. */
    public OidcTokens redeem(PendingSignIn pending, String code) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("grant_type", "authorization_code");
        form.add("code", code);
        form.add("redirect_uri", pending.redirectUri().toString());
        form.add("code_verifier", pending.codeVerifier());
        Map<String, Object> answer = tokenEndpoint(form);
        String idToken = text(answer, "id_token");
        if (idToken == null) {
            throw new OidcSignInException(Failure.REJECTED, "the token endpoint gave no ID token");
        }
        Jwt checked = checkIdToken(idToken);
        if (!pending.nonce().equals(checked.getClaimAsString("nonce"))) {
            throw new OidcSignInException(Failure.REJECTED, "the ID token's nonce is not this sign-in's");
        }
        return tokens(answer, idToken, null);
    }

    /** New tokens for the refresh token; the provider may rotate it, else the old one stays. */
    public OidcTokens refresh(OidcTokens current) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("grant_type", "refresh_token");
        form.add("refresh_token", current.refreshToken());
        Map<String, Object> answer = tokenEndpoint(form);
        String idToken = text(answer, "id_token");
        if (idToken != null) {
            checkIdToken(idToken);
        }
        return tokens(answer, idToken == null ? current.idToken() : idToken, current.refreshToken());
    }

    /** The provider's sign-out, to which the browser goes after the desk's, when the provider has one. */
    public Optional<URI> endSession(OidcTokens tokens, URI afterSignOut) {
        URI endpoint;
        try {
            endpoint = provider().endSessionEndpoint();
        } catch (OidcSignInException e) {
            log.info("the provider's sign-out is not known ({}); signing out of the desk only", e.getMessage());
            return Optional.empty();
        }
        if (endpoint == null) {
            return Optional.empty();
        }
        return Optional.of(UriComponentsBuilder.fromUri(endpoint)
                .queryParam("client_id", properties.clientId())
                .queryParam("id_token_hint", tokens.idToken())
                .queryParam("post_logout_redirect_uri", afterSignOut)
                .encode().build().toUri());
    }

    private Map<String, Object> tokenEndpoint(MultiValueMap<String, String> form) {
        form.add("client_id", properties.clientId());
        try {
            return http.post().uri(provider().tokenEndpoint())
                    .headers(headers -> {
                        if (properties.clientSecret() != null && !properties.clientSecret().isBlank()) {
                            headers.setBasicAuth(properties.clientId(), properties.clientSecret(),
                                    StandardCharsets.UTF_8);
                        }
                    })
                    .contentType(MediaType.APPLICATION_FORM_URLENCODED).body(form).retrieve()
                    .onStatus(HttpStatusCode::is4xxClientError, (request, response) -> {
                        throw new OidcSignInException(Failure.REJECTED, "the token endpoint refused: "
                                + response.getStatusCode() + " " + new String(response.getBody().readNBytes(300),
                                StandardCharsets.UTF_8));
                    })
                    .body(JSON_OBJECT);
        } catch (RestClientException e) {
            throw new OidcSignInException(Failure.UNAVAILABLE, "the token endpoint failed: " + e.getMessage(), e);
        }
    }

    private Jwt checkIdToken(String idToken) {
        try {
            Jwt jwt = provider().idTokens().decode(idToken);
            List<String> audience = jwt.getAudience();
            String authorizedParty = jwt.getClaimAsString("azp");
            if (audience.size() > 1 && !properties.clientId().equals(authorizedParty)) {
                throw new OidcSignInException(Failure.REJECTED, "an ID token for several audiences, not authorized "
                        + "for this client");
            }
            return jwt;
        } catch (JwtException e) {
            throw new OidcSignInException(Failure.REJECTED, "the ID token is not valid: " + e.getMessage(), e);
        }
    }

    private OidcTokens tokens(Map<String, Object> answer, String idToken, String previousRefreshToken) {
        String accessToken = text(answer, "access_token");
        if (accessToken == null) {
            throw new OidcSignInException(Failure.REJECTED, "the token endpoint gave no access token");
        }
        String refreshToken = text(answer, "refresh_token");
        Instant expiresAt = answer.get("expires_in") instanceof Number seconds
                ? clock.instant().plusSeconds(seconds.longValue()) : null;
        return new OidcTokens(accessToken, refreshToken == null ? previousRefreshToken : refreshToken, idToken,
                expiresAt);
    }

    private Provider provider() {
        Provider known = provider;
        if (known == null) {
            synchronized (this) {
                if (provider == null) {
                    provider = discover();
                }
                known = provider;
            }
        }
        return known;
    }

    /** The discovery document, whose issuer must be the one configured (OpenID Connect Discovery 1.0, 4.3). */
    private Provider discover() {
        String issuer = properties.issuerUri().toString();
        String location = (issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer)
                + "/.well-known/openid-configuration";
        Map<String, Object> document;
        try {
            document = http.get().uri(location).retrieve().body(JSON_OBJECT);
        } catch (RestClientException e) {
            throw new OidcSignInException(Failure.UNAVAILABLE, "no discovery document at " + location, e);
        }
        if (document == null || !issuer.equals(text(document, "issuer"))) {
            throw new OidcSignInException(Failure.UNAVAILABLE, "the discovery document at " + location
                    + " names another issuer");
        }
        NimbusJwtDecoder idTokens = NimbusJwtDecoder.withJwkSetUri(required(document, "jwks_uri"))
                .jwsAlgorithms(algorithms -> {
                    algorithms.add(SignatureAlgorithm.RS256);
                    algorithms.add(SignatureAlgorithm.ES256);
                })
                .restOperations(keys).build();
        idTokens.setJwtValidator(new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(issuer),
                new JwtClaimValidator<Collection<String>>(JwtClaimNames.AUD,
                        audience -> audience != null && audience.contains(properties.clientId()))));
        String endSession = text(document, "end_session_endpoint");
        return new Provider(issuer, URI.create(required(document, "authorization_endpoint")),
                URI.create(required(document, "token_endpoint")), endSession == null ? null : URI.create(endSession),
                idTokens);
    }

    private List<String> scopes() {
        return properties.scopes().contains("openid") ? properties.scopes()
                : Stream.concat(Stream.of("openid"), properties.scopes().stream()).toList();
    }

    private static String required(Map<String, Object> document, String name) {
        String value = text(document, name);
        if (value == null) {
            throw new OidcSignInException(Failure.UNAVAILABLE, "the discovery document names no " + name);
        }
        return value;
    }

    private static String text(Map<String, Object> document, String name) {
        return document != null && document.get(name) instanceof String value && !value.isBlank() ? value : null;
    }

    /** 256 random bits, URL-safe: a state, a nonce, half a PKCE verifier. */
    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return BASE64URL.encodeToString(bytes);
    }

    /** RFC 7636 4.2: BASE64URL(SHA256(ASCII(code_verifier))). */
    static String challenge(String codeVerifier) {
        try {
            return BASE64URL.encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(codeVerifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
