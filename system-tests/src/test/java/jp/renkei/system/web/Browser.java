package jp.renkei.system.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through its chromedriver: nothing is downloaded. Where neither is installed the
 * browser tests are skipped with the command that installs them, except under CI ({@code CI=true}), where a missing
 * browser fails the build ({@code .ci/run} installs it).
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Dimension DESKTOP = new Dimension(1280, 900);
    static final Dimension PHONE = new Dimension(390, 844);
    /**
     * Where the screenshots go: target/screenshots, so that a test run leaves the sources alone; the README's command
     * sets {@code renkei.screenshots.dir} to docs/screenshots to refresh the ones it shows.
     */
    static final Path SCREENSHOTS = Path.of(System.getProperty("renkei.screenshots.dir", "target/screenshots"));
    /** Generous: a page goes through the gateway, the web service and one or two API calls on a busy machine. */
    private static final Duration PAGE_TIMEOUT = Duration.ofSeconds(60);

    private final ChromeDriver driver;
    private final Path profile;
    private final WebDriverWait wait;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
        this.wait = new WebDriverWait(driver, PAGE_TIMEOUT);
    }

    /** Starts Chromium, or skips (fails under CI) when it is not installed. */
    static Browser start() throws IOException {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        String missing = "Chromium and chromedriver are not installed (" + CHROMIUM + ", " + CHROMEDRIVER
                + "): apt-get update && apt-get install -y chromium chromium-driver";
        if (!installed) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(missing + " (required under CI)");
            }
            Assumptions.abort(missing + "; the browser tests are skipped");
        }
        Path profile = Files.createTempDirectory("renkei-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--lang=ja", "--user-data-dir=" + profile,
                "--window-size=" + DESKTOP.width + "," + DESKTOP.height);
        options.setPageLoadTimeout(PAGE_TIMEOUT);
        options.setScriptTimeout(PAGE_TIMEOUT);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        return new Browser(new ChromeDriver(service, options), profile);
    }

    void open(String url) {
        driver.get(url);
        waitForPage();
    }

    /** Submits by clicking, then waits for the next page to have loaded. */
    void click(By button) {
        WebElement before = driver.findElement(By.tagName("html"));
        find(button).click();
        wait.until(unused -> replaced(before));
        waitForPage();
    }

    /**
     * Whether the page that held {@code element} has gone. Asked in the middle of the navigation, Chromium may answer
     * neither "still there" nor "stale" but that the node "does not belong to the document" (an inspector error,
     * which Selenium passes on as a plain WebDriverException): that, too, means the old page has gone.
     */
    private static boolean replaced(WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (StaleElementReferenceException gone) {
            return true;
        } catch (WebDriverException duringNavigation) {
            if (String.valueOf(duringNavigation.getMessage()).contains("does not belong to the document")) {
                return true;
            }
            throw duringNavigation;
        }
    }

    void type(By field, String text) {
        WebElement element = find(field);
        element.clear();
        element.sendKeys(text);
    }

    /** Sets a long value at once (typing thousands of characters key by key only costs time). */
    void fill(By field, String text) {
        driver.executeScript("arguments[0].value = arguments[1];", find(field), text);
    }

    String text(By element) {
        return find(element).getText();
    }

    String value(By field) {
        return find(field).getDomProperty("value");
    }

    String attribute(By element, String name) {
        return find(element).getDomAttribute(name);
    }

    /** The element, or a failure that says which page the browser was on and what it showed. */
    WebElement find(By element) {
        List<WebElement> found = driver.findElements(element);
        if (found.isEmpty()) {
            String shown = driver.findElement(By.tagName("body")).getText();
            throw new AssertionError("no " + element + " on " + driver.getCurrentUrl() + " (" + driver.getTitle()
                    + "), which shows: " + shown.substring(0, Math.min(shown.length(), 1500)));
        }
        return found.get(0);
    }

    /** The browser's cookie of this name for the current site, or null. */
    org.openqa.selenium.Cookie cookie(String name) {
        return driver.manage().getCookieNamed(name);
    }

    /** The page's HTML as the browser has it. */
    String source() {
        return driver.getPageSource();
    }

    void select(By field, String visibleText) {
        new org.openqa.selenium.support.ui.Select(find(field)).selectByVisibleText(visibleText);
    }

    List<WebElement> all(By elements) {
        return driver.findElements(elements);
    }

    String title() {
        return driver.getTitle();
    }

    String currentUrl() {
        return driver.getCurrentUrl();
    }

    /** Whether a script of the page opened a dialog (an {@code alert} that escaping should have prevented). */
    boolean hasDialog() {
        try {
            driver.switchTo().alert();
            return true;
        } catch (org.openqa.selenium.NoAlertPresentException e) {
            return false;
        }
    }

    /**
     * Runs axe-core in the page and returns its serious and critical violations, each as "rule: nodes". axe's own
     * script is injected through the driver (CDP), which the page's Content-Security-Policy does not govern.
     */
    List<String> seriousAccessibilityViolations() {
        driver.executeScript(AXE_SOURCE);
        Object result = driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, {resultTypes: ['violations']})
                  .then(r => done(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                    .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.map(n => n.target.join(' ')).join(', '))))
                  .catch(e => done(['axe failed: ' + e]));""");
        List<String> violations = new ArrayList<>();
        if (result instanceof List<?> list) {
            list.forEach(item -> violations.add(String.valueOf(item)));
        }
        return violations;
    }

    /**
     * Checks the page with axe-core (no serious or critical violation) and photographs it at both widths into
     * {@link #SCREENSHOTS}.
     */
    void checkPage(String name) {
        org.assertj.core.api.Assertions.assertThat(seriousAccessibilityViolations())
                .as("serious or critical axe violations on " + name).isEmpty();
        try {
            screenshots(SCREENSHOTS, name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A screenshot of the page at the desktop and the phone width, as {@code <name>-desktop.png}, {@code -phone.png}. */
    void screenshots(Path directory, String name) throws IOException {
        Files.createDirectories(directory);
        for (Map.Entry<String, Dimension> size : Map.of("desktop", DESKTOP, "phone", PHONE).entrySet()) {
            driver.manage().window().setSize(size.getValue());
            Files.write(directory.resolve(name + "-" + size.getKey() + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        }
        driver.manage().window().setSize(DESKTOP);
    }

    private void waitForPage() {
        wait.until(driver -> "complete".equals(((JavascriptExecutor) driver).executeScript("return document.readyState")));
    }

    private static final String AXE_SOURCE = resource("/axe/axe.min.js");

    private static String resource(String name) {
        try (InputStream in = Browser.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the test resources");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
