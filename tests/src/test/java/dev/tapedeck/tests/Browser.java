package dev.tapedeck.tests;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Debian {@code chromium} driven through {@code chromedriver}, one per test class (a start
 * costs about a second and 150 MB). Collects the browser console: {@link #open} fails on any error
 * or CSP violation the page logged, and saves a screenshot of every page it opens under
 * {@code tests/target/screenshots/}. Without Chromium a test is skipped with a loud line, except
 * on CI ({@code CI=true}), where it fails: .ci/run installs both packages.
 */
final class Browser implements AutoCloseable {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = TestSupport.ROOT.resolve("tests/target/screenshots");

    final ChromeDriver driver;
    private final ChromeDriverService service;

    private Browser(ChromeDriverService service, ChromeDriver driver) {
        this.service = service;
        this.driver = driver;
    }

    static Browser start() throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(DRIVER)) {
            String missing = "Chromium is not installed (" + CHROMIUM + ", " + DRIVER
                    + "): apt-get install -y chromium chromium-driver";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(missing + "; .ci/run installs them, so on CI this is a failure");
            }
            System.err.println("\n*** SKIPPING BROWSER TESTS: " + missing + " ***\n");
            Assumptions.abort(missing);
        }
        Files.createDirectories(SCREENSHOTS);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // Root (CI, this machine) needs --no-sandbox; a small /dev/shm in containers needs the other.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1400,1000", "--lang=en-US", "--no-first-run", "--disable-extensions");
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort()
                .withLogFile(new File("/dev/null")).build();
        return new Browser(service, new ChromeDriver(service, options));
    }

    /**
     * Opens a page, waits until its module marks {@code body[data-loaded]} (or 15 s), saves a
     * screenshot as {@code name.png} and fails on any console error.
     */
    void open(String url, String name) throws IOException {
        driver.get(url);
        waitUntil(15, () -> "true".equals(script("return document.body && document.body.dataset.loaded")));
        screenshot(name);
        assertNoConsoleErrors(url);
    }

    /** The whole page, not only the window (Chromium's own capture beyond the viewport), as name.png. */
    @SuppressWarnings("unchecked")
    void screenshot(String name) throws IOException {
        Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
        Map<String, Object> size = (Map<String, Object>) metrics.get("cssContentSize");
        Map<String, Object> clip = Map.of("x", 0, "y", 0, "width", size.get("width"), "height", size.get("height"),
                "scale", 1);
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot",
                Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
        Files.write(SCREENSHOTS.resolve(name + ".png"), java.util.Base64.getDecoder().decode((String) shot.get("data")));
    }

    /** Fails with every console line at SEVERE (errors, CSP violations, failed loads) since the last call. */
    void assertNoConsoleErrors(String where) {
        List<String> errors = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
                errors.add(entry.getMessage());
            }
        }
        if (!errors.isEmpty()) {
            throw new AssertionError("console errors on " + where + ":\n  " + String.join("\n  ", errors));
        }
    }

    /** Whether a JavaScript dialog (alert, confirm, prompt) is open. */
    boolean alertOpen() {
        try {
            driver.switchTo().alert();
            return true;
        } catch (NoAlertPresentException e) {
            return false;
        }
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** Waits until the condition holds; fails with what was awaited after the deadline. */
    void waitUntil(int seconds, java.util.function.BooleanSupplier condition) {
        try {
            new WebDriverWait(driver, Duration.ofSeconds(seconds)).pollingEvery(Duration.ofMillis(50))
                    .until(d -> condition.getAsBoolean());
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("not within " + seconds + " s; the page at " + driver.getCurrentUrl() + " shows: "
                    + driver.findElement(By.tagName("body")).getText(), e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
        }
    }
}
