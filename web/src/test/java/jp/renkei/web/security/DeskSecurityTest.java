package jp.renkei.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import jp.renkei.web.WebApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The desk's doors, on the web application alone (no gateway is needed to be refused): no session, no desk, and the
 * way to the sign-in page is relative, so that a browser behind the gateway stays there; a sign-in posted without its
 * CSRF token is refused; the session cookie has its flags.
 */
@SpringBootTest(classes = WebApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "renkei.web.gateway-url=http://127.0.0.1:9")
class DeskSecurityTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @LocalServerPort
    int port;

    @Test
    void withoutASessionTheDeskSendsTheBrowserToTheSignInPageOnTheAddressItUsed() throws Exception {
        for (String page : new String[] {"/desk", "/desk/console", "/desk/measures/5-2-2/edit"}) {
            HttpResponse<String> answer = send(HttpRequest.newBuilder(url(page)).GET());
            assertThat(answer.statusCode()).as(page).isIn(302, 303);
            assertThat(answer.headers().firstValue("Location")).as(page).hasValue("/desk/signin");
        }
    }

    @Test
    void theSignInPageCarriesACsrfTokenAndASessionCookieWithItsFlags() throws Exception {
        HttpResponse<String> page = send(HttpRequest.newBuilder(url("/desk/signin")).GET());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("name=\"_csrf\"").contains("type=\"password\"");
        assertThat(page.headers().firstValue("Set-Cookie").orElseThrow()).startsWith("RENKEI_SESSION=")
                .contains("HttpOnly").contains("Secure").contains("SameSite=Lax");
    }

    @Test
    void withoutAnOidcProviderConfiguredThereIsNoButtonAndNoWayThere() throws Exception {
        HttpResponse<String> page = send(HttpRequest.newBuilder(url("/desk/signin")).GET());
        assertThat(page.body()).doesNotContain("/desk/signin/oidc").doesNotContain("市の認証基盤でサインイン");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("form-action 'self';");
        assertThat(send(HttpRequest.newBuilder(url("/desk/signin/oidc")).GET()).statusCode()).isEqualTo(404);
    }

    @Test
    void aSignInOrASignOutPostedWithoutItsCsrfTokenIsRefused() throws Exception {
        for (String form : new String[] {"/desk/signin", "/desk/signout", "/desk/console/keys"}) {
            HttpResponse<String> answer = send(HttpRequest.newBuilder(url(form))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("key=rk_forged")));
            assertThat(answer.statusCode()).as(form).isEqualTo(403);
            assertThat(answer.body()).as(form).doesNotContain("Exception");
        }
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
