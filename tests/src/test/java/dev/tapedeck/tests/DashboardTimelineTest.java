package dev.tapedeck.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The session page below the player in a real headless Chromium against a real {@code tapedeck
 * serve}: the events chart, the filterable events table with the lines around an event, the code
 * blocks and their copy button, a running session followed live, the XSS corpus printed as events
 * and as a code block, and the asciicast v3 export played by the vendored player. Sessions are
 * recorded by real {@code tapedeck run}s.
 */
class DashboardTimelineTest {
    private static final String BLOCK = "print(\"copy me\")\nx = 1 < 2";
    private static final String TIMELINE = """
            echo starting
            echo 'error: first failure'
            echo 'warning: watch out'
            sleep 1.2
            echo 'FAILED tests/test_y.py::test_b'
            printf '%s\\n' '```python' 'print("copy me")' 'x = 1 < 2' '```'
            echo 'error: second failure'
            sleep 1.2
            echo 'the very end'
            """;

    @TempDir
    static Path dir;
    static Path db;
    static Served served;
    static Browser browser;
    static String timeline;
    static String hostile;
    static String many;

    @BeforeAll
    static void recordAndServe() throws Exception {
        db = dir.resolve("t.db");
        timeline = Recordings.record(dir, db, "timeline", TIMELINE);
        hostile = Recordings.record(dir, db, "hostile", hostileScript());
        many = Recordings.record(dir, db, "many", "i=1; while [ $i -le 250 ]; do echo \"error: e$i\"; i=$((i + 1)); done\n");
        served = Served.start(dir, db);
        browser = Browser.start();
    }

    @AfterEach
    void consoleHasNoErrors(org.junit.jupiter.api.TestInfo test) {
        if (browser != null) {
            browser.assertNoConsoleErrors("the page " + test.getDisplayName() + " left open");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (served != null) {
            served.close();
        }
    }

    /** The XSS corpus as error lines, then as the lines of a fenced html block. */
    private static String hostileScript() {
        StringBuilder s = new StringBuilder();
        for (String line : DashboardTest.XSS) {
            s.append("printf '%s\\n' ").append(Recordings.quote("error: " + line)).append('\n');
        }
        s.append("printf '%s\\n' '```html'");
        for (String line : DashboardTest.XSS) {
            s.append(' ').append(Recordings.quote(line));
        }
        return s.append(" '```'\n").toString();
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + served.port + path;
    }

    private static List<WebElement> rows() {
        return browser.findAll("#events tbody tr[data-extraction]");
    }

    @Test
    void chartShowsTheSessionsTypesAndClickingItSeeksThePlayer() throws Exception {
        browser.open(url("/sessions/" + timeline), "session-timeline");
        assertThat(browser.findAll("#chart canvas")).isNotEmpty();
        JsonObject answer = served.get("/api/query/session/" + timeline + "/timeline").json();
        List<String> types = answer.getAsJsonObject("by_type").keySet().stream().sorted().toList();
        assertThat(types).contains("error", "warning", "test_failure");
        List<String> legend = browser.findAll("#chart .u-legend .u-series .u-label").stream()
                .map(e -> e.getDomProperty("textContent")).filter(t -> !t.equals("from start")).sorted().toList();
        assertThat(legend).isEqualTo(types);
        assertThat(browser.find("#event-counts").getText()).contains("error 2", "warning 1", "test_failure 1");
        WebElement over = browser.find("#chart .u-over");
        int half = over.getSize().getWidth() / 2;
        new Actions(browser.driver).moveToElement(over, half - 2, 0).click().perform();
        browser.waitUntil(10, () -> DashboardTest.terminalText(browser).contains("the very end"));
        new Actions(browser.driver).moveToElement(over, -half + 2, 0).click().perform();
        browser.waitUntil(10, () -> !DashboardTest.terminalText(browser).contains("second failure"));
        browser.assertNoConsoleErrors("the chart after two clicks");
    }

    @Test
    void filtersNarrowTheRowsAndSurviveAReload() throws Exception {
        browser.open(url("/sessions/" + timeline), "session-events-all");
        int all = rows().size();
        assertThat(all).isGreaterThanOrEqualTo(4);
        new org.openqa.selenium.support.ui.Select(browser.find("#event-filters select[name=type]")).selectByValue("error");
        browser.waitUntil(10, () -> browser.driver.getCurrentUrl().contains("type=error") && rows().size() == 2);
        assertThat(rows()).extracting(r -> r.getAttribute("data-type")).containsOnly("error");
        browser.open(browser.driver.getCurrentUrl(), "session-events-errors");
        assertThat(rows()).extracting(r -> r.findElement(org.openqa.selenium.By.cssSelector("td.value")).getText())
                .containsExactly("first failure", "second failure");
        assertThat(browser.find("#event-filters select[name=type]").getAttribute("value")).isEqualTo("error");
        WebElement text = browser.find("#event-filters input[name=text]");
        text.sendKeys("SECOND");
        browser.find("#event-filters button[type=submit]").click();
        browser.waitUntil(10, () -> browser.driver.getCurrentUrl().contains("text=SECOND") && rows().size() == 1);
        browser.open(browser.driver.getCurrentUrl(), "session-events-text");
        assertThat(rows()).extracting(r -> r.findElement(org.openqa.selenium.By.cssSelector("td.value")).getText())
                .containsExactly("second failure");
        assertThat(browser.find("#event-filters input[name=text]").getAttribute("value")).isEqualTo("SECOND");
        browser.find("#event-counts button[data-type=warning]").click();
        browser.waitUntil(10, () -> rows().size() == 1 && "warning".equals(rows().get(0).getAttribute("data-type")));
        assertThat(browser.driver.getCurrentUrl()).contains("type=warning").doesNotContain("text=");
    }

    @Test
    void moreEventsPagesOnUntilEveryEventIsShown() throws Exception {
        browser.open(url("/sessions/" + many), "session-events-paged");
        assertThat(rows()).hasSize(200);
        assertThat(browser.find("#more-events").isDisplayed()).isTrue();
        browser.find("#more-events").click();
        browser.waitUntil(10, () -> rows().size() == 250);
        assertThat(browser.find("#more-events").isDisplayed()).isFalse();
        List<String> values = rows().stream().map(r -> r.findElement(org.openqa.selenium.By.cssSelector("td.value"))
                .getText()).toList();
        assertThat(values).isEqualTo(java.util.stream.IntStream.rangeClosed(1, 250).mapToObj(i -> "e" + i).toList());
        assertThat(browser.find("#event-filters select[name=type] option[value=error]").getText()).isEqualTo("error (250)");
        // The text filter is the API's: it finds the events of every page, not only of those loaded.
        browser.open(url("/sessions/" + many + "?text=e25"), "session-events-paged-text");
        assertThat(rows()).extracting(r -> r.findElement(org.openqa.selenium.By.cssSelector("td.value")).getText())
                .containsExactly("e25", "e250");
        assertThat(browser.find("#more-events").isDisplayed()).isFalse();
    }

    @Test
    void clickingAnEventShowsItsLineAmongItsNeighboursAndSeeks() throws Exception {
        browser.open(url("/sessions/" + timeline), "session-event-lines");
        WebElement second = rows().stream().filter(r -> r.getText().contains("second failure")).findFirst().orElseThrow();
        second.click();
        browser.waitUntil(10, () -> !browser.findAll("#events tr.context .line.hit").isEmpty());
        assertThat(browser.find("#events tr.context .line.hit").getText()).endsWith("error: second failure");
        assertThat(browser.find("#events tr.context").getText()).contains("x = 1 < 2", "the very end");
        assertThat(second.getAttribute("class")).contains("current");
        assertThat(browser.findAll("#events tr.current")).hasSize(1);
        assertThat(browser.driver.getCurrentUrl()).contains("event=" + second.getAttribute("data-extraction"));
        browser.waitUntil(10, () -> DashboardTest.terminalText(browser).contains("error: second failure"));
        assertThat(DashboardTest.terminalText(browser)).doesNotContain("the very end");
        browser.screenshot("session-event-lines-clicked");
        // The selected event is in the URL: a reload selects it again.
        browser.open(browser.driver.getCurrentUrl(), "session-event-lines-reloaded");
        browser.waitUntil(10, () -> !browser.findAll("#events tr.context .line.hit").isEmpty());
        assertThat(browser.find("#events tr.current td.value").getText()).isEqualTo("second failure");
    }

    @Test
    void copyButtonPutsTheBlockOnTheClipboardOrSelectsIt() throws Exception {
        browser.open(url("/sessions/" + timeline), "session-code-blocks");
        browser.driver.executeCdpCommand("Browser.grantPermissions", Map.of("origin", url(""),
                "permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
        String block = "#code-blocks article.code-block[data-language=python]";
        assertThat(browser.find(block + " .range").getText()).matches("lines \\d+–\\d+");
        assertThat(browser.find(block + " pre").getDomProperty("textContent")).isEqualTo(BLOCK);
        browser.find(block + " button.copy").click();
        browser.waitUntil(10, () -> "copied".equals(browser.find(block + " .copied").getText()));
        assertThat(clipboard()).isEqualTo(BLOCK);
        // Without the clipboard API (a page served over plain http to another host): the code is
        // selected and copied from the selection.
        browser.script("window.realClipboard = navigator.clipboard; return window.realClipboard.writeText('nothing')");
        browser.script("Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined, configurable: true })");
        browser.script("document.querySelector(arguments[0]).textContent = ''", block + " .copied");
        browser.find(block + " button.copy").click();
        browser.waitUntil(10, () -> !browser.find(block + " .copied").getText().isEmpty());
        assertThat(browser.script("return window.getSelection().toString()")).isEqualTo(BLOCK);
        assertThat(browser.find(block + " .copied").getText()).isEqualTo("copied");
        assertThat(clipboardThrough("window.realClipboard")).isEqualTo(BLOCK);
    }

    private static String clipboard() {
        return clipboardThrough("navigator.clipboard");
    }

    private static String clipboardThrough(String clipboard) {
        return (String) browser.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + clipboard + ".readText().then(done, (e) => done('failed: ' + e))");
    }

    @Test
    void xssCorpusAsEventsAndCodeBlockShowsAsTextAndRunsNothing() throws Exception {
        browser.open(url("/sessions/" + hostile), "session-timeline-xss");
        assertInert();
        String table = browser.find("#events").getText();
        String code = browser.find("#code-blocks article.code-block[data-language=html] pre").getDomProperty("textContent");
        for (String line : DashboardTest.XSS) {
            assertThat(table).contains("error: " + line);
            assertThat(code).contains(line);
        }
        assertThat(code).isEqualTo(String.join("\n", DashboardTest.XSS));
        rows().get(0).click();
        browser.waitUntil(10, () -> !browser.findAll("#events tr.context .line.hit").isEmpty());
        assertThat(browser.find("#events tr.context").getText()).contains(DashboardTest.XSS.get(0), DashboardTest.XSS.get(1));
        new org.openqa.selenium.support.ui.Select(browser.find("#event-filters select[name=type]")).selectByValue("error");
        browser.waitUntil(10, () -> browser.driver.getCurrentUrl().contains("type=error"));
        browser.find("#code-blocks button.copy").click();
        assertInert();
        browser.screenshot("session-timeline-xss-clicked");
    }

    /** No dialog, no element or attribute the corpus spells, no link to javascript:. */
    private static void assertInert() {
        assertThat(browser.alertOpen()).as("an alert is open").isFalse();
        Object injected = browser.script("return document.querySelectorAll('img[src=x], [onerror], [onload],"
                + " script:not([src]), style, textarea, a[href^=javascript], svg:not(.ap-player svg)').length");
        assertThat(injected).as("injected elements").isEqualTo(0L);
        browser.assertNoConsoleErrors("the hostile session");
    }

    @Test
    void runningSessionsNewEventShowsWithinOneSecondAndThePageEndsWithIt() throws Exception {
        Process live = Recordings.start(dir, db, "follow", """
                echo 'error: early one'
                while [ ! -e gate-t ]; do sleep 0.05; done
                echo 'error: late arrival'
                printf '%s\\n' '```sh' 'echo live block' '```'
                while [ ! -e gate-t2 ]; do sleep 0.05; done
                """);
        try {
            assertThat(TestSupport.await(30, () -> Recordings.newest(dir, db, "follow") != null)).isTrue();
            String id = Recordings.newest(dir, db, "follow");
            browser.open(url("/sessions/" + id), "session-timeline-live");
            browser.waitUntil(10, () -> browser.find("#events").getText().contains("early one"));
            assertThat(browser.find("#events-live").isDisplayed()).isTrue();
            // The tab holds two of --max-streams: the player's cast and the events' stream.
            assertThat(TestSupport.await(10, () -> liveStreams() == 2)).as("live streams: %d", liveStreams()).isTrue();
            // The moment the row is added, on the page's clock (the machine's, as the event's timestamp).
            browser.script("new MutationObserver((changes, observer) => {"
                    + " if (document.querySelector('#events').textContent.includes('late arrival')) {"
                    + "   window.lateShownAt = Date.now(); observer.disconnect(); } })"
                    + ".observe(document.querySelector('#events tbody'), { childList: true })");
            Files.writeString(dir.resolve("gate-t"), "");
            browser.waitUntil(10, () -> browser.script("return window.lateShownAt || null") != null);
            long shownAt = (Long) browser.script("return window.lateShownAt");
            Instant printed = lateArrival(id);
            long delay = shownAt - printed.toEpochMilli();
            System.out.printf("live: the event showed %d ms after the recorder read its line%n", delay);
            assertThat(delay).as("ms from the line to the row").isLessThan(1000);
            browser.waitUntil(10, () -> browser.find("#code-blocks").getText().contains("echo live block"));
            browser.waitUntil(10, () -> browser.find("#event-counts").getText().contains("error 2"));
            browser.screenshot("session-timeline-live-new-event");
            Files.writeString(dir.resolve("gate-t2"), "");
            assertThat(live.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            browser.waitUntil(10, () -> !browser.find("#events-live").isDisplayed());
            assertThat(TestSupport.await(10, () -> liveStreams() == 0)).as("live streams: %d", liveStreams()).isTrue();
            browser.waitUntil(10, () -> "completed".equals(browser.script(
                    "const b = document.querySelector('#title .badge'); return b ? b.textContent : null")));
            assertThat(rows()).extracting(r -> r.findElement(org.openqa.selenium.By.cssSelector("td.value")).getText())
                    .containsExactly("early one", "late arrival");
            browser.assertNoConsoleErrors("the live session page after it ended");
        } finally {
            Files.writeString(dir.resolve("gate-t"), "");
            Files.writeString(dir.resolve("gate-t2"), "");
            live.destroyForcibly();
        }
    }

    private static long liveStreams() {
        String health = served.bodyOf("/api/health");
        return health.isEmpty() ? -1 : com.google.gson.JsonParser.parseString(health).getAsJsonObject()
                .getAsJsonObject("streams").get("live").getAsLong();
    }

    private static Instant lateArrival(String id) throws Exception {
        for (var x : served.get("/api/query/extractions?session=" + id + "&text=late").json().getAsJsonArray("extractions")) {
            return Instant.parse(x.getAsJsonObject().get("timestamp").getAsString());
        }
        throw new AssertionError("no 'late arrival' event in the API");
    }

    /** Issue 16's open end: the asciicast v3 export plays in the vendored asciinema-player. */
    @Test
    void asciicastV3ExportPlaysInTheVendoredPlayer() throws Exception {
        browser.open(url("/sessions/" + timeline), "session-before-v3");
        String header = (String) browser.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + " fetch('/api/replay/export/' + arguments[0] + '?format=asciicast-v3').then((r) => r.text()).then((text) => {"
                + "   const div = document.createElement('div'); div.id = 'v3'; document.body.append(div);"
                + "   AsciinemaPlayer.create({ data: text }, div, { autoPlay: true, speed: 4 });"
                + "   done(text.split('\\n')[0]); }, (e) => done('failed: ' + e))", timeline);
        assertThat(com.google.gson.JsonParser.parseString(header).getAsJsonObject().get("version").getAsInt()).isEqualTo(3);
        browser.waitUntil(15, () -> v3Text().contains("the very end"));
        assertThat(v3Text()).contains("starting", "error: first failure", "print(\"copy me\")", "error: second failure");
        browser.screenshot("session-asciicast-v3");
        browser.assertNoConsoleErrors("the asciicast v3 export in the player");
    }

    private static String v3Text() {
        return (String) browser.script("const t = document.querySelector('#v3 pre.ap-term-text');"
                + " return t ? t.textContent : ''");
    }
}
