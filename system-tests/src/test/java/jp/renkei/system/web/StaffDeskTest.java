package jp.renkei.system.web;

import static jp.renkei.system.GatewayClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;
import jp.renkei.system.GatewayClient;
import jp.renkei.system.RenkeiSystem;
import jp.renkei.system.RenkeiSystemExtension;
import jp.renkei.system.load.SignedWebhookReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import tools.jackson.databind.JsonNode;

/**
 * The staff desk and the operator console in real headless Chromium, on the running system the other tests share:
 * signing in keeps the key on the server and renews the session; an editor revises 5-2-2 while another editor saves
 * first (through the API) and resolves the conflict; an editor opens a consultation on the new version; an operator
 * pauses and resumes a partner's endpoint, retries a delivery that failed against a receiver answering 500 and
 * rotates its secret, then issues a key (shown once) and revokes it.
 * axe-core checks every page, which the walk photographs at desktop and phone widths.
 */
@ExtendWith(RenkeiSystemExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StaffDeskTest {

    private static final String WIDE_AREA = "/api/plans/abashiri-comprehensive-plan/measures/5-2-2";
    private static final String HUMAN_RIGHTS = "/api/plans/abashiri-comprehensive-plan/measures/5-1-1";
    private static final String TEST_PARTNER = "desk-test-town";
    private static final String MY_POLICY = "大空町との定住自立圏を軸に、オホーツク圏の市町村と課題を共有して解決します。"
            + "<script>alert('desk')</script>";
    private static final String THEIR_POLICY = "広域での連携を進めます（先に保存された版）。";
    private static final String CONSULTATION = "広域連携の見直し（案）デスクから";
    private static final String THEIR_PLAN = "オホーツク圏域連携ビジョン（先に保存）";

    private static RenkeiSystem system;
    private static Browser browser;
    private static String site;
    private static SignedWebhookReceiver receiver;
    private static String endpointId;
    private static long revisedVersion;

    @BeforeAll
    static void start(RenkeiSystem running) throws IOException {
        system = running;
        browser = Browser.start();
        site = StaffDesk.site(system);

        // a partner whose webhook answers 500: its delivery of a 5-1-1 revision fails for good while the desk is
        // walked (the system tests' retry schedule gives up after about a minute), for the operator to retry
        receiver = new SignedWebhookReceiver(TEST_PARTNER);
        receiver.answer(500);
        GatewayClient operator = new GatewayClient(system.gatewayUrl(), system.operatorKey());
        assertCreated(operator.post("/api/partners", "{\"id\":\"" + TEST_PARTNER + "\",\"name\":\"デスク試験町\"}"));
        HttpResponse<String> endpoint = operator.post("/api/partners/" + TEST_PARTNER + "/endpoints",
                "{\"url\":\"" + receiver.url() + "\"}");
        assertCreated(endpoint);
        // the receiver checks every request against the secret the API made for the endpoint (shown this once)
        receiver.verifyWith(json(endpoint).path("secret").asString());
        endpointId = json(endpoint).path("endpoint").path("id").asString();
        assertCreated(operator.post("/api/partners/" + TEST_PARTNER + "/subscriptions", """
                {"description":"人権の改訂","measures":["5-1-1"],"delivery":"WEBHOOK","endpointId":"%s"}"""
                .formatted(endpointId)));
        GatewayClient editor = new GatewayClient(system.gatewayUrl(), system.editorKey());
        HttpResponse<String> current = editor.get(HUMAN_RIGHTS);
        HttpResponse<String> revised = editor.patch(HUMAN_RIGHTS, GatewayClient.JSON.createObjectNode()
                .put("basicPolicy", json(current).path("basicPolicy").asString() + "（配信の確認）")
                .put("reason", "運用コンソールの確認のため").toString(),
                Map.of("If-Match", current.headers().firstValue("ETag").orElseThrow()));
        assertThat(revised.statusCode()).as(revised.body()).isEqualTo(200);
    }

    @AfterAll
    static void stop() throws IOException {
        if (browser != null) {
            browser.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    @Order(1)
    void theDeskAsksStaffToSignInKeepsTheKeyOnTheServerAndRenewsTheSession() throws Exception {
        browser.open(site + "/desk/console");
        assertThat(browser.currentUrl()).endsWith("/desk/signin");
        checkPage("desk-signin");

        browser.click(By.cssSelector("main form button[type=submit]"));
        assertThat(browser.text(By.id("key-error"))).contains("APIキーを入力してください");
        browser.type(By.id("key"), "rk_" + "x".repeat(40));
        browser.click(By.cssSelector("main form button[type=submit]"));
        assertThat(browser.text(By.id("key-error"))).contains("使えません");
        assertThat(browser.attribute(By.id("key"), "aria-invalid")).isEqualTo("true");
        checkPage("desk-signin-error");
        // a partner's key is valid at the gateway, but the desk is for the city's staff
        browser.type(By.id("key"), system.partnerKey("ozora"));
        browser.click(By.cssSelector("main form button[type=submit]"));
        assertThat(browser.text(By.id("key-error"))).contains("職員用ではありません");
        assertThat(browser.currentUrl()).endsWith("/desk/signin");

        String before = browser.cookie("RENKEI_SESSION").getValue();
        StaffDesk.signIn(browser, site, system.editorKey());
        Cookie session = browser.cookie("RENKEI_SESSION");
        assertThat(session.getValue()).as("a new session id at sign-in").isNotEqualTo(before);
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.isSecure()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Lax");
        assertThat(browser.source()).doesNotContain(system.editorKey());
        assertThat(browser.text(By.tagName("h1"))).contains("職員デスク");
        checkPage("desk-home");

        // the desk's forms carry the CSRF token like every other: one posted without it is refused
        HttpResponse<String> forged = StaffDesk.forgedPost(system.gatewayUrl() + "/desk/signin",
                "key=" + system.editorKey());
        assertThat(forged.statusCode()).isEqualTo(403);
        HttpResponse<String> anonymous = StaffDesk.get(system.gatewayUrl() + "/desk/measures/5-2-2/edit");
        assertThat(anonymous.statusCode()).as("no session, no desk").isIn(302, 303);
        assertThat(anonymous.headers().firstValue("Location").orElseThrow()).endsWith("/desk/signin");
    }

    @Test
    @Order(2)
    void anEditorRevisesWideAreaCollaborationWhileAnotherSavesFirstAndReappliesTheirChange() {
        browser.open(site + "/desk/measures/5-2-2/edit");
        String baseVersion = browser.value(By.name("baseVersion"));
        checkPage("desk-measure-edit");

        browser.fill(By.id("basicPolicy"), MY_POLICY);
        browser.click(By.name("preview"));
        assertThat(browser.text(By.id("reason-error"))).contains("改訂理由を入力してください");
        assertThat(browser.value(By.id("basicPolicy"))).as("what was typed stays").isEqualTo(MY_POLICY);
        browser.type(By.id("reason"), "定住自立圏共生ビジョンの改定に合わせた見直し");
        browser.click(By.name("preview"));
        assertThat(browser.text(By.cssSelector(".preview ins"))).contains(MY_POLICY);
        assertThat(browser.all(By.cssSelector(".preview del"))).isNotEmpty();
        assertThat(browser.hasDialog()).isFalse();
        checkPage("desk-measure-preview");

        // another editor saves first, through the API
        GatewayClient other = new GatewayClient(system.gatewayUrl(), system.editorKey());
        JsonNode current = json(other.get(WIDE_AREA));
        assertThat(current.path("version").asString()).isEqualTo(baseVersion);
        var plans = GatewayClient.JSON.createArrayNode();
        current.path("relatedPlans").forEach(plans::add);
        plans.add(THEIR_PLAN);
        var patch = GatewayClient.JSON.createObjectNode().put("basicPolicy", THEIR_POLICY)
                .put("reason", "別の職員による見直し");
        patch.set("relatedPlans", plans);
        HttpResponse<String> theirs = other.patch(WIDE_AREA, patch.toString(), Map.of("If-Match",
                "\"" + baseVersion + "\""));
        assertThat(theirs.statusCode()).as(theirs.body()).isEqualTo(200);
        long theirVersion = json(theirs).path("version").asLong();

        browser.click(By.name("save"));
        assertThat(browser.text(By.tagName("h1"))).contains("先に更新しました");
        assertThat(browser.text(By.cssSelector(".theirs"))).contains(THEIR_POLICY).contains(THEIR_PLAN);
        assertThat(browser.text(By.cssSelector(".mine"))).contains(MY_POLICY);
        assertThat(browser.value(By.name("baseVersion"))).isEqualTo(Long.toString(theirVersion));
        assertThat(browser.value(By.id("basicPolicy"))).isEqualTo(MY_POLICY);
        assertThat(browser.value(By.id("relatedPlans"))).as("their change I did not touch is kept")
                .contains(THEIR_PLAN);
        checkPage("desk-measure-conflict");

        browser.click(By.name("preview"));
        browser.click(By.name("save"));
        assertThat(browser.text(By.cssSelector(".flash"))).contains("第" + (theirVersion + 1) + "版を保存しました");
        JsonNode saved = json(other.get(WIDE_AREA));
        assertThat(saved.path("version").asLong()).isEqualTo(theirVersion + 1);
        assertThat(saved.path("basicPolicy").asString()).isEqualTo(MY_POLICY);
        assertThat(saved.path("relatedPlans").toString()).contains(THEIR_PLAN);
        revisedVersion = theirVersion + 1;
    }

    @Test
    @Order(3)
    void anEditorOpensAConsultationOnTheRevisedVersion() {
        browser.open(site + "/desk");
        browser.click(By.cssSelector("a[href$='/desk/consultations/new?measureId=5-2-2']"));
        assertThat(browser.value(By.id("measureVersion"))).isEqualTo(Long.toString(revisedVersion));
        browser.type(By.id("title"), CONSULTATION);
        browser.type(By.id("contact"), "0152-44-6111");
        browser.click(By.cssSelector("main form button[type=submit]"));
        assertThat(browser.text(By.id("department-error"))).contains("担当課を入力してください");
        assertThat(browser.value(By.id("contact"))).isEqualTo("0152-44-6111");
        checkPage("desk-consultation-new");
        browser.type(By.id("department"), "企画総務部 企画調整課");
        // the consultation service's clock is the tests' own (another test moves it on): its today, not this JVM's
        LocalDate today = LocalDate.ofInstant(system.consultationClock().instant(), ZoneId.of("Asia/Tokyo"));
        browser.fill(By.id("publicationDate"), today.toString());
        browser.fill(By.id("deadline"), today.plusDays(29).toString());
        browser.click(By.cssSelector("main form button[type=submit]"));

        assertThat(browser.text(By.cssSelector(".flash"))).contains("「" + CONSULTATION + "」を登録しました");
        checkPage("desk-home-opened");
        JsonNode opened = null;
        for (JsonNode consultation : json(new GatewayClient(system.gatewayUrl(), system.editorKey())
                .get("/api/consultations"))) {
            if (CONSULTATION.equals(consultation.path("title").asString())) {
                opened = consultation;
            }
        }
        assertThat(opened).as("the consultation the desk opened").isNotNull();
        assertThat(opened.path("targets").path(0).path("measureId").asString()).isEqualTo("5-2-2");
        assertThat(opened.path("targets").path(0).path("measureVersion").asLong()).isEqualTo(revisedVersion);
        assertThat(browser.text(By.cssSelector(".cases"))).as("the desk lists it").contains(CONSULTATION);
        StaffDesk.signOut(browser);
    }

    @Test
    @Order(4)
    void anOperatorPausesAndResumesAnEndpointAndRetriesADeliveryThatFailed() {
        GatewayClient operator = new GatewayClient(system.gatewayUrl(), system.operatorKey());
        String failedList = "/api/partners/" + TEST_PARTNER + "/deliveries?status=FAILED&endpointId=" + endpointId;
        JsonNode failed = await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1))
                .until(() -> json(operator.get(failedList)), list -> list.size() > 0).get(0);
        assertThat(receiver.refused()).as("answered 500").isPositive();
        assertThat(receiver.badSignatures()).as("signed with the endpoint's secret").isZero();

        StaffDesk.signIn(browser, site, system.operatorKey());
        browser.open(site + "/desk/console");
        assertThat(browser.text(By.cssSelector("table.partners"))).contains("デスク試験町");
        checkPage("console");
        browser.click(By.cssSelector("a[href$='/desk/console/partners/" + TEST_PARTNER + "']"));
        String endpoint = "#endpoint-" + endpointId + " ";
        assertThat(browser.text(By.cssSelector(endpoint + ".state"))).isIn("有効", "失敗中");
        // the breaker lives in the sending instance; the page shows the state it recorded
        assertThat(browser.text(By.cssSelector(endpoint + ".breaker"))).startsWith("・サーキットブレーカー：")
                .containsAnyOf("開（", "半開（", "閉（");
        checkPage("console-partner");

        browser.click(By.cssSelector(endpoint + "form[action$='/pause'] button"));
        assertThat(browser.text(By.cssSelector(".flash"))).contains("一時停止しました");
        assertThat(browser.text(By.cssSelector(endpoint + ".state"))).isEqualTo("一時停止");
        assertThat(endpointState(operator).path("enabled").asBoolean()).isFalse();
        browser.click(By.cssSelector(endpoint + "form[action$='/resume'] button"));
        assertThat(browser.text(By.cssSelector(".flash"))).contains("再開しました");
        assertThat(endpointState(operator).path("enabled").asBoolean()).isTrue();

        receiver.answer(200);
        browser.click(By.cssSelector("tr[data-event='" + failed.path("eventId").asString() + "'] a"));
        assertThat(browser.text(By.id("delivery-status"))).isEqualTo("FAILED");
        assertThat(browser.text(By.cssSelector("table.attempts"))).contains("500");
        checkPage("console-delivery");
        String delivery = browser.currentUrl();
        browser.click(By.id("retry"));
        assertThat(browser.text(By.cssSelector(".flash"))).contains("再送します");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            browser.open(delivery);
            return "DELIVERED".equals(browser.text(By.id("delivery-status")));
        });
        assertThat(receiver.receivedAll(Set.of(failed.path("eventId").asString())))
                .as("the retried delivery arrived, its signature valid").isTrue();
        assertThat(receiver.badSignatures()).isZero();

        browser.open(site + "/desk/console/partners/" + TEST_PARTNER);
        browser.click(By.cssSelector(endpoint + "form[action$='/rotate-secret'] button"));
        assertThat(browser.text(By.id("secret"))).startsWith("whsec_");
        checkPage("console-secret");
        StaffDesk.signOut(browser);
    }

    @Test
    @Order(5)
    void anOperatorIssuesAKeyThatWorksOnceShownAndRevokesIt() {
        StaffDesk.signIn(browser, site, system.operatorKey());
        browser.open(site + "/desk/console/keys");
        checkPage("console-keys");
        browser.type(By.id("owner"), "広報広聴課 モデレーター（デスク）");
        browser.click(By.cssSelector("main form button[type=submit]"));
        assertThat(browser.text(By.id("roles-error"))).as("a key needs a role").isNotBlank();
        assertThat(browser.value(By.id("owner"))).isEqualTo("広報広聴課 モデレーター（デスク）");
        browser.find(By.id("role-MODERATOR")).click();
        browser.click(By.cssSelector("main form button[type=submit]"));
        String key = browser.text(By.id("issued-key"));
        assertThat(key).startsWith("rk_");
        checkPage("console-key-issued");
        GatewayClient issued = new GatewayClient(system.gatewayUrl(), key);
        assertThat(issued.get("/api/hearings").statusCode()).as("the new key moderates").isEqualTo(200);

        browser.open(site + "/desk/console/keys");
        assertThat(browser.source()).as("a key is shown once").doesNotContain(key);
        String keyId = key.substring("rk_".length(), "rk_".length() + 12);
        browser.click(By.cssSelector("tr#key-" + keyId + " form button"));
        assertThat(browser.text(By.cssSelector(".flash"))).contains("取り消しました");
        assertThat(browser.text(By.cssSelector("tr#key-" + keyId))).contains("取り消し");
        assertThat(issued.get("/api/hearings").statusCode()).as("the revoked key is refused").isEqualTo(401);
        StaffDesk.signOut(browser);
    }

    private static JsonNode endpointState(GatewayClient operator) {
        for (JsonNode endpoint : json(operator.get("/api/partners/" + TEST_PARTNER + "/endpoints"))) {
            if (endpointId.equals(endpoint.path("id").asString())) {
                return endpoint;
            }
        }
        throw new AssertionError("no endpoint " + endpointId);
    }

    private static void assertCreated(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    private static void checkPage(String name) {
        browser.checkPage(name);
    }
}
