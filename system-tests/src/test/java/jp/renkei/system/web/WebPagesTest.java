package jp.renkei.system.web;

import static jp.renkei.system.GatewayClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.thaiopensource.util.PropertyMapBuilder;
import com.thaiopensource.validate.ValidateProperty;
import com.thaiopensource.validate.ValidationDriver;
import com.thaiopensource.validate.rng.CompactSchemaReader;
import java.io.IOException;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import jp.renkei.system.GatewayClient;
import jp.renkei.system.RenkeiSystem;
import jp.renkei.system.RenkeiSystemExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXParseException;
import tools.jackson.databind.JsonNode;

/**
 * The web pages in real headless Chromium, through the gateway, on the whole running system: a citizen finds 5-1-3
 * by searching in half-width katakana, reads it, opens its consultation, submits an opinion and gets a receipt; bad
 * input comes back with messages beside the fields; a forged form is refused; script in plan text and opinions shows
 * as text; a moderator answers the opinion and publishes the result through the staff desk, and the citizen reads
 * it. axe-core checks every page on the way, and the walk leaves
 * screenshots at desktop and phone widths (see {@link Browser#SCREENSHOTS}).
 */
@ExtendWith(RenkeiSystemExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebPagesTest {

    private static final String PLAN = "/api/plans/abashiri-comprehensive-plan";
    private static final String INFORMATION = PLAN + "/measures/5-1-3";
    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    private static final String PLAN_SCRIPT = "<script>alert('plan')</script>";
    private static final String OPINION = "防災情報をメールでも配信してください。\n<script>alert('opinion')</script>"
            + "「ｼﾞｮｳﾎｳ」も検索できました。𠮷";

    private static RenkeiSystem system;
    private static Browser browser;
    private static String site;
    private static String consultationId;
    private static long revisedVersion;

    @BeforeAll
    static void start(RenkeiSystem running) throws IOException {
        system = running;
        browser = Browser.start();
        site = StaffDesk.site(system);
        GatewayClient editor = new GatewayClient(system.gatewayUrl(), system.editorKey());

        // plan text comes from staff: script in it must show as text
        HttpResponse<String> current = editor.get(INFORMATION);
        String policy = json(current).path("basicPolicy").asString();
        HttpResponse<String> revised = editor.patch(INFORMATION, GatewayClient.JSON.createObjectNode()
                        .put("basicPolicy", policy + "（表示の確認：" + PLAN_SCRIPT + "）")
                        .put("reason", "ウェブページでの表示を確認するため").toString(),
                java.util.Map.of("If-Match", current.headers().firstValue("ETag").orElseThrow()));
        assertThat(revised.statusCode()).as(revised.body()).isEqualTo(200);
        revisedVersion = json(revised).path("version").asLong();
        await().atMost(Duration.ofSeconds(60)).until(() -> json(editor.get(INFORMATION + "/revisions")).size()
                >= revisedVersion);

        LocalDate today = LocalDate.ofInstant(system.consultationClock().instant(), TOKYO);
        HttpResponse<String> created = editor.post("/api/consultations", """
                {"title":"情報施策の見直し（案）ウェブ","summary":"市民への情報提供と広聴の進め方について意見を募集します。",
                 "planId":"abashiri-comprehensive-plan",
                 "targets":[{"measureId":"5-1-3","measureVersion":%d}],
                 "legalBasis":"網走市市民意見公募手続要綱","department":"総務部 広報広聴課","contact":"0152-44-6111",
                 "publicationDate":"%s","deadline":"%s"}""".formatted(revisedVersion, today, today.plusDays(29)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        consultationId = json(created).path("id").asString();
        GatewayClient citizen = new GatewayClient(system.gatewayUrl(), null);
        await().atMost(Duration.ofSeconds(60)).until(() -> "OPEN".equals(json(citizen.get("/api/consultations/"
                + consultationId)).path("status").asString()));
    }

    @AfterAll
    static void stop() throws IOException {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    @Order(1)
    void aCitizenFindsInformationByHalfWidthKanaReadsItAndSubmitsAnOpinionForAReceipt() throws IOException {
        browser.open(site + "/");
        assertThat(browser.attribute(By.tagName("html"), "lang")).isEqualTo("ja");
        assertThat(browser.text(By.tagName("h1"))).contains("総合計画");
        checkPage("plan");

        browser.type(By.id("site-q"), "ｼﾞｮｳﾎｳ");
        browser.click(By.cssSelector(".site-search button"));
        assertThat(browser.text(By.id("results-heading"))).contains("ｼﾞｮｳﾎｳ");
        assertThat(browser.all(By.cssSelector(".hits a[href$='/measures/5-1-3']"))).isNotEmpty();
        checkPage("search");

        browser.click(By.cssSelector(".hits a[href$='/measures/5-1-3']"));
        assertThat(browser.currentUrl()).endsWith("/measures/5-1-3");
        assertThat(browser.text(By.tagName("h1"))).contains("情報");
        assertThat(browser.text(By.tagName("main"))).contains(PLAN_SCRIPT);
        assertThat(browser.hasDialog()).isFalse();
        checkPage("measure");

        browser.click(By.cssSelector(".notice a[href$='/consultations/" + consultationId + "']"));
        assertThat(browser.text(By.tagName("h1"))).isEqualTo("情報施策の見直し（案）ウェブ");
        assertThat(browser.text(By.cssSelector(".facts"))).contains("30日間").contains("第" + revisedVersion + "版");
        checkPage("consultation");

        browser.click(By.cssSelector("a.button"));
        assertThat(browser.text(By.cssSelector("label[for=name]"))).contains("必須");
        assertThat(browser.text(By.cssSelector("label[for=contact]"))).contains("任意");
        checkPage("opinion-form");
        browser.fill(By.id("text"), OPINION);
        browser.type(By.id("name"), "網走 太郎");
        browser.type(By.id("address"), "網走市南６条東１丁目");
        new Select(browser.find(By.id("ageGroup"))).selectByVisibleText("40代");
        browser.click(By.name("confirm"));

        assertThat(browser.text(By.cssSelector(".opinion-text"))).contains("<script>alert('opinion')</script>");
        checkPage("opinion-confirm");
        browser.click(By.name("send"));

        String receipt = browser.text(By.id("receipt-number"));
        assertThat(receipt).isNotBlank();
        checkPage("opinion-receipt");
        GatewayClient moderator = new GatewayClient(system.gatewayUrl(), system.moderatorKey());
        JsonNode stored = findOpinion(moderator, receipt);
        assertThat(stored.path("text").asString()).isEqualTo(OPINION);
    }

    @Test
    @Order(2)
    void missingAndOverLongFieldsComeBackWithMessagesBesideThemAndWhatWasTyped() throws IOException {
        int before = opinions().size();
        browser.open(site + "/consultations/" + consultationId + "/opinion");
        String tooLong = "あ".repeat(2001);
        browser.fill(By.id("text"), tooLong);
        browser.type(By.id("address"), "網走市駒場");
        browser.type(By.id("contact"), "<b>0152</b>");
        browser.click(By.name("confirm"));

        assertThat(browser.text(By.id("text-error"))).contains("2000文字以内");
        assertThat(browser.text(By.id("name-error"))).contains("お名前を入力してください");
        assertThat(browser.attribute(By.id("text"), "aria-invalid")).isEqualTo("true");
        assertThat(browser.attribute(By.id("name"), "aria-describedby")).isEqualTo("name-error");
        assertThat(browser.value(By.id("text"))).isEqualTo(tooLong);
        assertThat(browser.value(By.id("address"))).isEqualTo("網走市駒場");
        assertThat(browser.value(By.id("contact"))).isEqualTo("<b>0152</b>");
        assertThat(browser.all(By.cssSelector(".error-summary a"))).hasSize(2);
        checkPage("opinion-form-errors");
        assertThat(opinions()).hasSize(before);
    }

    @Test
    @Order(3)
    void aFormPostedWithoutItsCsrfTokenIsRefusedAndThePagesForbidInlineScript() throws Exception {
        int before = opinions().size();
        String form = "text=" + java.net.URLEncoder.encode("偽の意見", StandardCharsets.UTF_8)
                + "&name=a&address=b&submission=3f1c1c8e-9a53-4d1e-8d43-0e3c6d4a8b11&send=1";
        HttpResponse<String> forged = StaffDesk.forgedPost(system.gatewayUrl() + "/consultations/" + consultationId
                + "/opinion", form);
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).doesNotContain("Exception").contains("送信を受け付けられません");
        assertThat(opinions()).hasSize(before);

        HttpResponse<String> page = new GatewayClient(system.gatewayUrl(), null).get("/measures/5-1-3");
        String policy = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(policy).contains("default-src 'self'").contains("script-src 'self'").contains("style-src 'self'")
                .doesNotContain("unsafe-inline");
        assertThat(page.body()).doesNotContain("<script").doesNotContain("style=")
                .contains("&lt;script&gt;alert(&#39;plan&#39;)&lt;/script&gt;");
    }

    @Test
    @Order(4)
    void theRevisionHistoryShowsWhatChangedAndTheFeedsAreValidAtomLinkedFromThePages() throws Exception {
        browser.open(site + "/measures/5-1-3/revisions");
        checkPage("revisions");
        browser.click(By.cssSelector(".compare button"));
        assertThat(browser.text(By.cssSelector(".diff ins"))).contains(PLAN_SCRIPT);
        assertThat(browser.all(By.cssSelector(".diff del"))).isNotEmpty();
        checkPage("diff");
        assertThat(browser.attribute(By.cssSelector("link[rel=alternate]"), "type")).isEqualTo("application/atom+xml");

        GatewayClient citizen = new GatewayClient(system.gatewayUrl(), null);
        for (String feed : List.of("/feeds/plan.atom", "/feeds/consultations.atom", "/feeds/measures/5-1-3.atom")) {
            HttpResponse<String> response = citizen.get(feed);
            assertThat(response.statusCode()).as(feed).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/atom+xml");
            assertThat(atomErrors(response.body())).as(feed).isEmpty();
        }
        assertThat(citizen.get("/feeds/measures/5-1-3.atom").body())
                .contains("第" + revisedVersion + "版").contains("ウェブページでの表示を確認するため")
                .as("an entry links to its diff page, query and all").contains("/measures/5-1-3/diff?from=")
                .doesNotContain("%3F")
                .as("absolute links lead back through the gateway, not to the web module's own address")
                .contains("href=\"" + system.gatewayUrl() + "/measures/5-1-3")
                .doesNotContain(system.webUrl());
        assertThat(citizen.get("/feeds/consultations.atom").body()).contains("意見募集開始：情報施策の見直し（案）ウェブ");
        assertThat(atomErrors("<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>no id</title></feed>"))
                .as("the schema refuses a feed without id and updated").isNotEmpty();
    }

    @Test
    @Order(5)
    void afterTheDeadlineAModeratorAnswersThroughTheDeskPublishesAndTheCitizenReadsTheResult() throws IOException {
        String consultation = "/api/consultations/" + consultationId;
        system.consultationClock().advance(Duration.ofDays(31));
        GatewayClient citizen = new GatewayClient(system.gatewayUrl(), null);
        await().atMost(Duration.ofSeconds(60)).until(() -> "CLOSED".equals(json(citizen.get(consultation))
                .path("status").asString()));

        StaffDesk.signIn(browser, site, system.moderatorKey());
        browser.open(site + "/desk/consultations/" + consultationId);
        assertThat(browser.text(By.cssSelector(".opinion .opinion-text"))).contains("<script>alert('opinion')</script>");
        assertThat(browser.hasDialog()).isFalse();
        assertThat(browser.text(By.tagName("main"))).doesNotContain("網走 太郎");
        checkPage("desk-moderation");
        int count = browser.all(By.cssSelector("form.answer-form")).size();
        assertThat(count).isEqualTo(opinions().size()).isPositive();
        for (int i = 0; i < count; i++) {
            String form = ".opinion:nth-of-type(" + (i + 1) + ") form.answer-form ";
            browser.select(By.cssSelector(form + "select"), "一部反映");
            browser.type(By.cssSelector(form + "textarea"), "メール配信の拡充を検討します。");
            browser.click(By.cssSelector(form + "button"));
            assertThat(browser.text(By.cssSelector(".flash"))).contains("市の考え方を登録しました");
        }
        browser.click(By.id("publish"));
        assertThat(browser.text(By.cssSelector(".flash"))).contains("結果を公表しました");
        assertThat(json(citizen.get(consultation)).path("status").asString()).isEqualTo("RESULTS_PUBLISHED");
        StaffDesk.signOut(browser);

        browser.open(site + "/consultations/" + consultationId);
        checkPage("consultation-closed");
        browser.click(By.cssSelector("a[href$='/consultations/" + consultationId + "/results']"));
        String table = browser.text(By.cssSelector("table.results"));
        assertThat(table).contains("<script>alert('opinion')</script>").contains("メール配信の拡充を検討します。")
                .contains("一部反映").doesNotContain("網走 太郎");
        assertThat(browser.hasDialog()).isFalse();
        checkPage("results");

        browser.open(site + "/consultations");
        checkPage("consultations");
    }

    /** Every page is checked by axe-core and photographed at both widths. */
    private static void checkPage(String name) {
        browser.checkPage(name);
    }

    private static List<JsonNode> opinions() {
        JsonNode all = json(new GatewayClient(system.gatewayUrl(), system.moderatorKey())
                .get("/api/consultations/" + consultationId + "/opinions"));
        List<JsonNode> list = new ArrayList<>();
        all.forEach(list::add);
        return list;
    }

    private static JsonNode findOpinion(GatewayClient moderator, String receipt) {
        for (JsonNode opinion : json(moderator.get("/api/consultations/" + consultationId + "/opinions"))) {
            if (receipt.equals(opinion.path("receiptNumber").asString())) {
                return opinion;
            }
        }
        throw new AssertionError("no opinion with receipt " + receipt);
    }

    /** What RFC 4287's RELAX NG schema finds wrong with a document: nothing for a valid Atom feed. */
    private static List<String> atomErrors(String document) throws Exception {
        List<String> errors = new ArrayList<>();
        ErrorHandler collect = new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {
            }

            @Override
            public void error(SAXParseException e) {
                errors.add(e.getLineNumber() + ":" + e.getColumnNumber() + " " + e.getMessage());
            }

            @Override
            public void fatalError(SAXParseException e) {
                errors.add(e.getLineNumber() + ":" + e.getColumnNumber() + " " + e.getMessage());
            }
        };
        PropertyMapBuilder properties = new PropertyMapBuilder();
        properties.put(ValidateProperty.ERROR_HANDLER, collect);
        ValidationDriver driver = new ValidationDriver(properties.toPropertyMap(), CompactSchemaReader.getInstance());
        assertThat(driver.loadSchema(new InputSource(WebPagesTest.class.getResource("/atom/atom.rnc").toString())))
                .as("the Atom schema loads").isTrue();
        if (!driver.validate(new InputSource(new StringReader(document))) && errors.isEmpty()) {
            errors.add("invalid");
        }
        return errors;
    }
}
