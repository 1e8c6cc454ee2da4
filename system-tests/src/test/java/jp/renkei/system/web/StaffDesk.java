package jp.renkei.system.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import jp.renkei.system.RenkeiSystem;
import org.openqa.selenium.By;

/**
 * What the browser tests share about the site: its address as the browser uses it, signing in to and out of the
 * staff desk as a member of staff does, and a form posted the way a forger would (without the CSRF token).
 */
final class StaffDesk {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private StaffDesk() {
    }

    /** The gateway as the browser calls it: "localhost", where Chromium keeps Secure cookies over plain HTTP. */
    static String site(RenkeiSystem system) {
        return system.gatewayUrl().replace("127.0.0.1", "localhost");
    }

    /** A form posted from elsewhere: no session, no CSRF token. */
    static HttpResponse<String> forgedPost(String url, String form) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/html")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A page asked for without the browser's session. */
    static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static void signIn(Browser browser, String site, String key) {
        browser.open(site + "/desk/signin");
        browser.type(By.id("key"), key);
        browser.click(By.cssSelector("main form button[type=submit]"));
        assertThat(browser.currentUrl()).as("signed in").endsWith("/desk");
    }

    static void signOut(Browser browser) {
        browser.click(By.cssSelector("form.signout button"));
        assertThat(browser.currentUrl()).as("signed out").contains("/desk/signin");
    }
}
