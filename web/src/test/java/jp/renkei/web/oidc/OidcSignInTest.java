package jp.renkei.web.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONArrayUtils;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.renkei.web.WebApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Signing in to the desk through the stand-in provider, on the web application alone: the gateway's {@code /api/me}
 * is answered by a small stand-in that reads the token's roles (the gateway's own checks of these tokens are its
 * tests' business, and the browser test runs the whole system). The flow's parameters, the new session, each way it
 * fails ending on the sign-in page with the reason, the expiry and the refresh, and the provider's sign-out.
 */
class OidcSignInTest {

    private static final String CLIENT_ID = "renkei-desk";
    private static final String CALLBACK = "/desk/signin/oidc/callback";
    private static final Pattern FORM_ID = Pattern.compile("name=\"form\" value=\"([^\"]+)\"");

    private static final StandInOidcProvider PROVIDER = new StandInOidcProvider(CLIENT_ID, "renkei-gateway")
            .user("kikaku.sato", "PLAN_EDITOR").user("koho.suzuki", "MODERATOR").user("shimin.tanaka");
    private static final StandInGateway GATEWAY = new StandInGateway();
    private static final ConfigurableApplicationContext WEB = WebApplication.application().run(
            "--server.port=0", "--renkei.web.gateway-url=" + GATEWAY.url(),
            "--renkei.web.oidc.issuer-uri=" + PROVIDER.issuer(), "--renkei.web.oidc.client-id=" + CLIENT_ID,
            // the test's client keeps cookies only over HTTPS when they are Secure; DeskSecurityTest checks the flag
            "--server.servlet.session.cookie.secure=false");

    private HttpClient http;
    private CookieManager cookies;

    @BeforeEach
    void newBrowser() {
        cookies = new CookieManager();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        PROVIDER.accessTokenLifetime(Duration.ofMinutes(5));
        PROVIDER.issueRefreshTokens(true);
    }

    @AfterAll
    static void stop() {
        WEB.close();
        GATEWAY.close();
        PROVIDER.close();
    }

    @Test
    void theSignInPageOffersTheProvider() throws Exception {
        HttpResponse<String> page = get(web("/desk/signin"));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("href=\"/desk/signin/oidc\"").contains("市の認証基盤でサインイン");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                .as("the sign-out form may be redirected on to the provider")
                .contains("form-action 'self' http://127.0.0.1:" + URI.create(PROVIDER.issuer()).getPort());
    }

    @Test
    void anEditorSignsInWithPkceStateAndNonceUnderANewSessionAndTheTokenStaysOnTheServer() throws Exception {
        HttpResponse<String> start = get(web("/desk/signin/oidc"));
        assertThat(start.statusCode()).isEqualTo(302);
        URI authorize = location(start);
        assertThat(authorize.toString()).startsWith(PROVIDER.issuer() + "/protocol/auth?");
        Map<String, String> asked = query(authorize);
        assertThat(asked).containsEntry("response_type", "code").containsEntry("client_id", CLIENT_ID)
                .containsEntry("code_challenge_method", "S256").containsKeys("state", "nonce", "code_challenge")
                .containsEntry("redirect_uri", web(CALLBACK).toString());
        assertThat(asked.get("scope")).contains("openid");
        String before = session();

        HttpResponse<String> signedIn = get(callbackOf(decide(authorize, "kikaku.sato", "allow")));

        assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(302);
        assertThat(location(signedIn).getPath()).isEqualTo("/desk");
        assertThat(session()).as("a new session id at sign-in").isNotEqualTo(before);
        String accessToken = PROVIDER.accessTokens().get(PROVIDER.accessTokens().size() - 1);
        assertThat(GATEWAY.bearers()).as("the gateway was asked who the token's holder is").contains(accessToken);
        assertThat(signedIn.headers().allValues("Set-Cookie").toString()).doesNotContain(accessToken);

        HttpResponse<String> console = get(web("/desk/console"));
        assertThat(console.statusCode()).as("an editor does not reach the operator console").isEqualTo(403);
        assertThat(console.body()).contains("権限がありません").doesNotContain(accessToken);
    }

    @Test
    void aTamperedStateEndsOnTheSignInPageWithTheReasonAndSignsNobodyIn() throws Exception {
        URI authorize = location(get(web("/desk/signin/oidc")));
        URI callback = callbackOf(decide(authorize, "kikaku.sato", "allow"));
        String tampered = callback.toString().replaceFirst("state=[^&]+", "state=forged");

        HttpResponse<String> page = get(URI.create(tampered));

        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).contains("このサインインの要求は見つからないか").doesNotContain("Exception");
        assertSignedOut();
        HttpResponse<String> again = get(callback);
        assertThat(again.statusCode()).as("the state was spent by the first answer").isEqualTo(400);
        assertSignedOut();
    }

    @Test
    void aDeniedConsentEndsOnTheSignInPageWithTheReason() throws Exception {
        URI authorize = location(get(web("/desk/signin/oidc")));
        URI callback = callbackOf(decide(authorize, "kikaku.sato", "deny"));
        assertThat(callback.getQuery()).contains("error=access_denied");

        HttpResponse<String> page = get(callback);

        assertThat(page.statusCode()).isEqualTo(403);
        assertThat(page.body()).contains("サインインが許可されませんでした").doesNotContain("Exception");
        assertSignedOut();
    }

    @Test
    void aReplayedCodeIsRefusedByTheProviderAndEndsOnTheSignInPage() throws Exception {
        URI firstCallback = callbackOf(decide(location(get(web("/desk/signin/oidc"))), "kikaku.sato", "allow"));
        assertThat(get(firstCallback).statusCode()).isEqualTo(302);
        String usedCode = query(firstCallback).get("code");
        newBrowser();
        URI secondCallback = callbackOf(decide(location(get(web("/desk/signin/oidc"))), "kikaku.sato", "allow"));
        int refusedBefore = PROVIDER.refusedCodes();

        HttpResponse<String> page = get(URI.create(secondCallback.toString()
                .replaceFirst("code=[^&]+", "code=" + usedCode)));

        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).contains("認可コードが使用済みか").doesNotContain("Exception");
        assertThat(PROVIDER.refusedCodes()).isEqualTo(refusedBefore + 1);
        assertSignedOut();
    }

    @Test
    void anIdTokenForAnotherNonceOrAudienceOrIssuerExpiredOrForgedIsRefused() throws Exception {
        Instant now = Instant.now();
        List<Runnable> tamperings = List.of(
                () -> PROVIDER.changeNextIdToken(claims -> claims.claim("nonce", "another-sign-in")),
                () -> PROVIDER.changeNextIdToken(claims -> claims.audience("another-application")),
                () -> PROVIDER.changeNextIdToken(claims -> claims.issuer("https://idp.elsewhere.example")),
                () -> PROVIDER.changeNextIdToken(claims -> claims.issueTime(Date.from(now.minusSeconds(1200)))
                        .expirationTime(Date.from(now.minusSeconds(600)))),
                PROVIDER::forgeNextIdToken);
        for (Runnable tampering : tamperings) {
            newBrowser();
            URI callback = callbackOf(decide(location(get(web("/desk/signin/oidc"))), "kikaku.sato", "allow"));
            tampering.run();

            HttpResponse<String> page = get(callback);

            assertThat(page.statusCode()).isEqualTo(400);
            assertThat(page.body()).contains("トークンが無効です");
            assertSignedOut();
        }
    }

    @Test
    void aCitizenOfTheProviderIsNotStaff() throws Exception {
        HttpResponse<String> page = get(callbackOf(decide(location(get(web("/desk/signin/oidc"))), "shimin.tanaka",
                "allow")));

        assertThat(page.statusCode()).isEqualTo(403);
        assertThat(page.body()).contains("職員デスクの役割");
        assertSignedOut();
    }

    @Test
    void anExpiredTokenIsRefreshedWhenThereIsARefreshTokenAndOtherwiseSendsTheStaffMemberBackToSignIn()
            throws Exception {
        // shorter than the margin within which the desk renews a token: expired for the desk at once
        PROVIDER.accessTokenLifetime(Duration.ofSeconds(5));
        signIn("koho.suzuki");
        String first = PROVIDER.accessTokens().get(PROVIDER.accessTokens().size() - 1);
        int refreshes = PROVIDER.refreshes();
        PROVIDER.accessTokenLifetime(Duration.ofMinutes(5));

        get(web("/desk/consultations/x-1"));

        assertThat(PROVIDER.refreshes()).isEqualTo(refreshes + 1);
        String refreshed = PROVIDER.accessTokens().get(PROVIDER.accessTokens().size() - 1);
        assertThat(refreshed).isNotEqualTo(first);
        assertThat(GATEWAY.bearers().get(GATEWAY.bearers().size() - 1)).as("the page called the API with the new token")
                .isEqualTo(refreshed);

        newBrowser();
        PROVIDER.accessTokenLifetime(Duration.ofSeconds(5));
        PROVIDER.issueRefreshTokens(false);
        signIn("koho.suzuki");
        HttpResponse<String> expired = get(web("/desk"));
        assertThat(expired.statusCode()).isEqualTo(302);
        assertThat(expired.headers().firstValue("Location")).hasValue("/desk/signin?expired");
        assertThat(get(web("/desk/signin?expired")).body()).contains("サインインの有効期限が切れました");
        assertSignedOut();
    }

    @Test
    void signingOutEndsTheSessionAndTheProvidersToo() throws Exception {
        signIn("kikaku.sato");
        String csrf = csrfToken(get(web("/desk/signin")).body());
        int signOuts = PROVIDER.signOuts().size();

        HttpResponse<String> signedOut = http.send(HttpRequest.newBuilder(web("/desk/signout"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + csrf)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(signedOut.statusCode()).isEqualTo(302);
        URI providerSignOut = location(signedOut);
        assertThat(providerSignOut.toString()).startsWith(PROVIDER.issuer() + "/protocol/logout?");
        Map<String, String> asked = query(providerSignOut);
        assertThat(asked).containsKey("id_token_hint").containsEntry("client_id", CLIENT_ID)
                .containsEntry("post_logout_redirect_uri", web("/desk/signin?signedOut").toString());
        HttpResponse<String> back = get(providerSignOut);
        assertThat(PROVIDER.signOuts()).hasSize(signOuts + 1);
        assertThat(get(location(back)).body()).contains("サインアウトしました");
        assertSignedOut();
    }

    private void signIn(String user) throws Exception {
        HttpResponse<String> signedIn = get(callbackOf(decide(location(get(web("/desk/signin/oidc"))), user, "allow")));
        assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(302);
        assertThat(location(signedIn).getPath()).isEqualTo("/desk");
    }

    /** The provider's sign-in form, filled in and sent: where the provider sends the browser back to. */
    private URI decide(URI authorize, String user, String decision) throws Exception {
        HttpResponse<String> form = get(authorize);
        assertThat(form.statusCode()).as(form.body()).isEqualTo(200);
        Matcher formId = FORM_ID.matcher(form.body());
        assertThat(formId.find()).isTrue();
        HttpResponse<String> decided = http.send(HttpRequest.newBuilder(authorize.resolve("auth"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("form=" + formId.group(1) + "&username=" + user
                        + "&decision=" + decision)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(decided.statusCode()).isEqualTo(302);
        return location(decided);
    }

    private static URI callbackOf(URI location) {
        assertThat(location.getPath()).isEqualTo(CALLBACK);
        return location;
    }

    private void assertSignedOut() throws Exception {
        HttpResponse<String> desk = get(web("/desk"));
        assertThat(desk.statusCode()).as("not signed in").isEqualTo(302);
        assertThat(desk.headers().firstValue("Location")).hasValue("/desk/signin");
    }

    private String session() {
        return cookies.getCookieStore().getCookies().stream().filter(cookie -> cookie.getName().equals("RENKEI_SESSION"))
                .map(HttpCookie::getValue).findFirst().orElse(null);
    }

    private static String csrfToken(String page) {
        Matcher token = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page);
        assertThat(token.find()).isTrue();
        return token.group(1);
    }

    private HttpResponse<String> get(URI url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static URI location(HttpResponse<?> response) {
        URI location = URI.create(response.headers().firstValue("Location").orElseThrow());
        return location.isAbsolute() ? location : response.uri().resolve(location);
    }

    /** The URL's query parameters, decoded. */
    private static Map<String, String> query(URI url) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : url.getRawQuery().split("&")) {
            String[] nameAndValue = pair.split("=", 2);
            parameters.put(URLDecoder.decode(nameAndValue[0], StandardCharsets.UTF_8),
                    nameAndValue.length < 2 ? "" : URLDecoder.decode(nameAndValue[1], StandardCharsets.UTF_8));
        }
        return parameters;
    }

    private static URI web(String path) {
        return URI.create("http://127.0.0.1:" + WEB.getEnvironment().getProperty("local.server.port") + path);
    }

    /**
     * The gateway's {@code GET /api/me} for the provider's tokens (their {@code roles}, unchecked: the gateway's own
     * tests check its checks); any other call is answered 503 after noting the token it carried.
     */
    static final class StandInGateway implements AutoCloseable {

        private final HttpServer server;
        private final List<String> bearers = new CopyOnWriteArrayList<>();

        StandInGateway() {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/", exchange -> {
                try (exchange) {
                    String bearer = exchange.getRequestHeaders().getFirst("Authorization");
                    String token = bearer == null ? null : bearer.substring("Bearer ".length());
                    bearers.add(String.valueOf(token));
                    int status = 503;
                    String body = "{\"title\":\"stand-in\",\"status\":503}";
                    if (exchange.getRequestURI().getPath().equals("/api/me") && token != null) {
                        try {
                            var claims = SignedJWT.parse(token).getJWTClaimsSet();
                            status = 200;
                            body = "{\"subject\":\"" + claims.getSubject() + "\",\"roles\":"
                                    + JSONArrayUtils.toJSONString(
                                            claims.getStringListClaim("roles")) + ",\"anonymous\":false}";
                        } catch (ParseException e) {
                            status = 401;
                            body = "{\"title\":\"Unauthorized\",\"status\":401}";
                        }
                    }
                    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", status == 200 ? "application/json"
                            : "application/problem+json");
                    exchange.sendResponseHeaders(status, bytes.length);
                    exchange.getResponseBody().write(bytes);
                }
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        List<String> bearers() {
            return List.copyOf(bearers);
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
