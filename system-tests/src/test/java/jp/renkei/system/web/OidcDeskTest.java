package jp.renkei.system.web;

import static jp.renkei.system.GatewayClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import jp.renkei.system.GatewayClient;
import jp.renkei.system.RenkeiSystem;
import jp.renkei.system.RenkeiSystemExtension;
import jp.renkei.web.oidc.StandInOidcProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import tools.jackson.databind.JsonNode;

/**
 * The staff desk with the city's OIDC provider configured, in real headless Chromium, on the system the other tests
 * share, whose gateway accepts the stand-in provider's tokens ({@code renkei.gateway.oidc.*}) and whose desk signs
 * staff in there ({@code renkei.web.oidc.*}; {@link RenkeiSystem#oidcProvider()}). An editor signs in through the provider, sees only the editing parts, revises a measure
 * (the revision is theirs, by the provider's name) and signs out of the provider too; a moderator sees no editing; an
 * operator sees the console; a role that reaches another part by its address gets the "not allowed" page; a tampered
 * {@code state}, a denied consent and someone without a staff role end on the sign-in page with the reason. No page
 * ever holds a token.
 */
@ExtendWith(RenkeiSystemExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OidcDeskTest {

    private static final String EDITOR = RenkeiSystem.OIDC_EDITOR;
    private static final String MODERATOR = RenkeiSystem.OIDC_MODERATOR;
    /** Known to the provider, but with no Renkei role: the gateway takes their token for a citizen's. */
    private static final String CITIZEN = RenkeiSystem.OIDC_CITIZEN;
    private static final String MEASURE = "/api/plans/abashiri-comprehensive-plan/measures/5-2-1";
    private static final String POLICY = "行政改革を進め、市民サービスの向上と健全な財政運営を両立します（OIDCで改訂）。";

    private static StandInOidcProvider provider;
    private static RenkeiSystem system;
    private static Browser browser;
    private static String site;
    private static String consultationId;

    @BeforeAll
    static void start(RenkeiSystem running) throws IOException {
        system = running;
        provider = system.oidcProvider();
        browser = Browser.start();
        site = StaffDesk.site(system);
        consultationId = openConsultation();
    }

    @AfterAll
    static void stop() throws IOException {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    @Order(1)
    void anEditorSignsInThroughTheProviderRevisesAMeasureUnderTheirNameAndSignsOutOfTheProviderToo() {
        browser.open(site + "/desk/signin");
        browser.checkPage("desk-signin-oidc");
        signInThroughProvider(EDITOR);

        assertThat(browser.text(By.tagName("h1"))).contains("職員デスク");
        assertThat(browser.all(By.cssSelector("a[href$='/desk/console']"))).as("no console for an editor").isEmpty();
        assertThat(browser.all(By.cssSelector("a[href$='/desk/consultations/" + consultationId + "']")))
                .as("no moderation for an editor").isEmpty();
        assertThat(browser.text(By.cssSelector(".cases"))).contains("OIDCの確認");
        assertNoToken();
        browser.open(site + "/desk/console");
        assertThat(browser.text(By.tagName("h1"))).contains("権限がありません");
        browser.open(site + "/desk/consultations/" + consultationId);
        assertThat(browser.text(By.tagName("h1"))).contains("権限がありません");

        browser.open(site + "/desk/measures/5-2-1/edit");
        browser.fill(By.id("basicPolicy"), POLICY);
        browser.type(By.id("reason"), "OIDCでサインインした職員による見直し");
        browser.click(By.name("preview"));
        browser.click(By.name("save"));
        assertThat(browser.text(By.cssSelector(".flash"))).contains("版を保存しました");
        assertNoToken();
        GatewayClient anyone = new GatewayClient(system.gatewayUrl(), null);
        JsonNode measure = json(anyone.get(MEASURE));
        assertThat(measure.path("basicPolicy").asString()).isEqualTo(POLICY);
        JsonNode revision = json(anyone.get(MEASURE + "/revisions/" + measure.path("version").asLong()));
        assertThat(revision.path("revision").path("editor").asString()).as("the revision is the OIDC user's")
                .isEqualTo(EDITOR);

        int signOuts = provider.signOuts().size();
        StaffDesk.signOut(browser);
        assertThat(browser.text(By.cssSelector("main"))).contains("サインアウトしました");
        assertThat(provider.signOuts()).as("signed out at the provider too").hasSize(signOuts + 1);
        browser.open(site + "/desk");
        assertThat(browser.currentUrl()).endsWith("/desk/signin");
    }

    @Test
    @Order(2)
    void aModeratorSeesNoEditingAndIsRefusedItByAddress() {
        browser.open(site + "/desk/signin");
        signInThroughProvider(MODERATOR);

        assertThat(browser.all(By.cssSelector("a[href$='/edit']"))).as("no editing for a moderator").isEmpty();
        assertThat(browser.all(By.cssSelector("a[href$='/desk/console']"))).isEmpty();
        browser.click(By.cssSelector("a[href$='/desk/consultations/" + consultationId + "']"));
        assertThat(browser.text(By.tagName("h1"))).contains("OIDCの確認");
        assertNoToken();
        browser.open(site + "/desk/measures/5-2-1/edit");
        assertThat(browser.text(By.tagName("h1"))).contains("権限がありません");
        browser.checkPage("desk-not-allowed");
        browser.open(site + "/desk");
        StaffDesk.signOut(browser);
    }

    @Test
    @Order(3)
    void anOperatorSeesTheConsoleAndNoEditing() {
        StaffDesk.signIn(browser, site, system.operatorKey());

        assertThat(browser.all(By.cssSelector("a[href$='/edit']"))).isEmpty();
        browser.click(By.cssSelector("nav a[href$='/desk/console']"));
        assertThat(browser.text(By.tagName("h1"))).contains("運用コンソール");
        browser.open(site + "/desk/measures/5-2-1/edit");
        assertThat(browser.text(By.tagName("h1"))).contains("権限がありません");
        browser.open(site + "/desk");
        StaffDesk.signOut(browser);
    }

    @Test
    @Order(4)
    void aTamperedStateEndsOnTheSignInPageWithTheReason() {
        browser.open(site + "/desk/signin");
        browser.click(By.id("oidc-signin"));
        assertThat(browser.currentUrl()).startsWith(provider.issuer());

        browser.open(site + "/desk/signin/oidc/callback?code=stolen&state=tampered");

        assertThat(browser.text(By.id("signin-refusal"))).contains("このサインインの要求は見つからないか");
        assertThat(browser.source()).doesNotContain("Exception");
        browser.checkPage("desk-signin-oidc-refused");
        browser.open(site + "/desk");
        assertThat(browser.currentUrl()).endsWith("/desk/signin");
    }

    @Test
    @Order(5)
    void aDeniedConsentEndsOnTheSignInPageWithTheReason() {
        browser.open(site + "/desk/signin");
        browser.click(By.id("oidc-signin"));
        browser.type(By.id("username"), EDITOR);
        browser.click(By.id("deny"));

        assertThat(browser.currentUrl()).contains("/desk/signin/oidc/callback");
        assertThat(browser.text(By.id("signin-refusal"))).contains("サインインが許可されませんでした");
        browser.open(site + "/desk");
        assertThat(browser.currentUrl()).endsWith("/desk/signin");
    }

    @Test
    @Order(6)
    void someoneTheGatewayGivesNoStaffRoleIsRefusedLikeAPartnersKey() {
        browser.open(site + "/desk/signin");
        browser.click(By.id("oidc-signin"));
        browser.type(By.id("username"), CITIZEN);
        browser.click(By.id("allow"));

        assertThat(browser.text(By.id("signin-refusal"))).contains("職員デスクの役割");
        assertNoToken();
        browser.open(site + "/desk");
        assertThat(browser.currentUrl()).endsWith("/desk/signin");
    }

    private static void signInThroughProvider(String user) {
        browser.click(By.id("oidc-signin"));
        assertThat(browser.currentUrl()).as("at the provider").startsWith(provider.issuer());
        browser.type(By.id("username"), user);
        browser.click(By.id("allow"));
        assertThat(browser.currentUrl()).as("signed in").endsWith("/desk");
    }

    /** Neither the access tokens nor anything else the provider issued is in the page's HTML. */
    private static void assertNoToken() {
        String html = browser.source();
        for (String token : provider.accessTokens()) {
            assertThat(html).doesNotContain(token).doesNotContain(token.substring(token.lastIndexOf('.') + 1));
        }
    }

    private static String openConsultation() {
        LocalDate today = LocalDate.ofInstant(system.consultationClock().instant(), ZoneId.of("Asia/Tokyo"));
        // other tests on the shared system may have revised 5-1-3: the consultation is on its version of now
        long version = json(new GatewayClient(system.gatewayUrl(), null)
                .get("/api/plans/abashiri-comprehensive-plan/measures/5-1-3")).path("version").asLong();
        String body = """
                {"title":"OIDCの確認のための意見募集","summary":"確認用です。","planId":"abashiri-comprehensive-plan",
                 "legalBasis":"網走市市民意見公募手続要綱 第4条","department":"企画総務部","contact":"0152-44-6111",
                 "publicationDate":"%s","deadline":"%s",
                 "targets":[{"measureId":"5-1-3","measureVersion":%d,"sectionIds":["basicPolicy"]}]}
                """.formatted(today, today.plusDays(40), version);
        GatewayClient editor = new GatewayClient(system.gatewayUrl(), system.editorKey());
        // consultation-service learns the seeded plan from its events, which a system just started may still be sending
        HttpResponse<String> created = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .until(() -> editor.post("/api/consultations", body), answer -> answer.statusCode() != 400
                        || !answer.body().contains("no measure"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created).path("id").asString();
    }
}
