package dev.tapedeck.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebElement;

/**
 * The dashboard in a real headless Chromium against a real {@code tapedeck serve} on a database
 * filled by real {@code tapedeck run}s: a coloured session with an error half-way, and a session
 * whose command line and output are an XSS corpus. One browser and one daemon for the class.
 * Running sessions are in {@link DashboardLiveTest}.
 */
class DashboardTest {
    private static final String COLOURED = "printf '\\033[32mgreen ok\\033[0m\\n'; echo 'error: something broke';"
            + " echo 'FAILED tests/test_x.py::test_a'; echo 'warning: careful'; sleep 1.5; echo 'the very end'";
    /** What a hostile program prints; each line must show as these very characters, and run nothing. */
    static final List<String> XSS = List.of("<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>",
            "</textarea><svg onload=alert(1)>", "javascript:alert(document.cookie)", "<a href=\"javascript:alert(1)\">x</a>",
            "&lt;b&gt;entity&lt;/b&gt;", "<style>body{display:none}</style>");
    private static final String XSS_SCRIPT = xssScript();

    @TempDir
    static Path dir;
    static Served served;
    static Browser browser;
    static String coloured;
    static String hostile;

    @BeforeAll
    static void recordAndServe() throws Exception {
        Path db = dir.resolve("d.db");
        coloured = record(db, "demo", COLOURED);
        hostile = record(db, "hostile", XSS_SCRIPT);
        served = Served.start(dir, db);
        browser = Browser.start();
    }

    /** Whatever a test did after its last check, the console stays clean. */
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

    private static String record(Path db, String agent, String script) throws Exception {
        TestSupport.Result r = TestSupport.tapedeck(dir, Map.of(), null, "run", "--db", db.toString(), "--agent", agent,
                "--", "sh", "-c", script);
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        return sessionOf(db, agent);
    }

    /** The id of the agent's newest session, or null when it has none (yet). */
    private static String sessionOf(Path db, String agent) {
        try {
            String list = TestSupport.tapedeck(dir, Map.of(), null, "ls", "--db", db.toString(), "--agent", agent,
                    "-o", "json").out();
            var sessions = com.google.gson.JsonParser.parseString(list).getAsJsonArray();
            return sessions.isEmpty() ? null : sessions.get(0).getAsJsonObject().get("session_id").getAsString();
        } catch (Exception e) {
            throw new AssertionError("tapedeck ls failed", e);
        }
    }

    private static String xssScript() {
        StringBuilder s = new StringBuilder();
        for (String line : XSS) {
            s.append("printf '%s\\n' 'error: ").append(line.replace("'", "'\\''")).append("'; ");
        }
        // Escape sequences that spell markup once stripped, and an OSC 8 hyperlink to a javascript: URL.
        s.append("printf '\\033[31m<img src=x onerror=alert(2)>\\033[0m\\n'; ");
        s.append("printf '\\033]8;;javascript:alert(3)\\033\\\\click\\033]8;;\\033\\\\\\n'");
        return s.toString();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + served.port + path;
    }

    @Test
    void sessionsPageListsTheRecordedSessionsWithLinks() throws Exception {
        browser.open(url("/"), "sessions");
        List<WebElement> rows = browser.findAll("#sessions tbody tr");
        assertThat(rows).extracting(r -> r.getAttribute("data-session")).containsExactly(hostile, coloured);
        assertThat(rows.get(1).getText()).contains("demo", "completed", "1.5");
        assertThat(rows.get(1).findElement(org.openqa.selenium.By.cssSelector("td:nth-child(9)")).getText()).isEqualTo("2");
        assertThat(rows.get(1).findElement(org.openqa.selenium.By.cssSelector("td.command")).getAttribute("title"))
                .startsWith("sh -c 'printf");
        assertThat(browser.find("#sessions tbody tr[data-session='" + coloured + "'] a").getAttribute("href"))
                .isEqualTo(url("/sessions/" + coloured));
    }

    @Test
    void sessionsPageFiltersByTheQueryString() throws Exception {
        browser.open(url("/?agent=demo"), "sessions-agent-demo");
        assertThat(browser.findAll("#sessions tbody tr")).extracting(r -> r.getAttribute("data-session"))
                .containsExactly(coloured);
        assertThat(browser.find("#filters input[name=agent]").getAttribute("value")).isEqualTo("demo");
    }

    @Test
    void sessionsPagePagesByTheApisCursor() throws Exception {
        List<String> all = new java.util.ArrayList<>();
        for (var s : served.get("/api/query/sessions").json().getAsJsonArray("sessions")) {
            all.add(s.getAsJsonObject().get("session_id").getAsString());
        }
        assertThat(all).containsExactly(hostile, coloured);
        // Two rows a page, following "older" to the end, gives every session once, newest first.
        List<String> paged = new java.util.ArrayList<>();
        browser.open(url("/?limit=2"), "sessions-page-1");
        while (true) {
            List<String> rows = browser.findAll("#sessions tbody tr").stream().map(r -> r.getAttribute("data-session"))
                    .toList();
            assertThat(rows.size()).isBetween(1, 2);
            paged.addAll(rows);
            if (!browser.find("#older").isDisplayed()) {
                break;
            }
            String page = browser.driver.getCurrentUrl();
            browser.find("#older").click();
            browser.waitUntil(10, () -> !browser.driver.getCurrentUrl().equals(page));
            assertThat(browser.driver.getCurrentUrl()).contains("limit=2", "cursor=");
            browser.open(browser.driver.getCurrentUrl(), "sessions-page-n");
        }
        assertThat(paged).isEqualTo(all);
        browser.find("#newest").click();
        browser.waitUntil(10, () -> browser.driver.getCurrentUrl().equals(url("/?limit=2")));
    }

    @Test
    void playerShowsTheColouredSessionAndPlays() throws Exception {
        browser.open(url("/sessions/" + coloured), "session-coloured");
        assertThat(browser.find("#facts").getText()).contains("demo", "sh -c");
        browser.find(".ap-player").click();
        browser.waitUntil(10, () -> terminalText(browser).contains("the very end"));
        assertThat(terminalText(browser)).contains("green ok", "error: something broke");
        String colour = (String) browser.script("const spans = [...document.querySelectorAll('pre.ap-term-text span')];"
                + " const s = spans.filter(x => x.textContent.includes('green ok')).pop();"
                + " return s ? getComputedStyle(s).color : null");
        assertThat(colour).as("the colour of 'green ok'").isNotNull().isNotEqualTo(defaultColour());
        browser.assertNoConsoleErrors("the coloured session after playing");
    }

    @Test
    void clickingAnEventSeeksThePlayerToItsMoment() throws Exception {
        browser.open(url("/sessions/" + coloured), "session-coloured-seek");
        List<WebElement> events = browser.findAll("#events tbody tr");
        assertThat(events).extracting(e -> e.getText()).anyMatch(t -> t.contains("something broke"));
        WebElement error = events.stream().filter(e -> e.getText().contains("something broke")).findFirst().orElseThrow();
        error.click();
        browser.waitUntil(10, () -> terminalText(browser).contains("error: something broke"));
        assertThat(terminalText(browser)).doesNotContain("the very end");
        assertThat(error.getAttribute("class")).contains("current");
        // The page's markers replace the export's own (one per event, the warning's too).
        // The player labels a marker with its time: "00:00 - error: something broke".
        assertThat(browser.findAll(".ap-marker-container")).extracting(m -> m.getDomProperty("textContent")
                .replaceFirst("^[0-9:]+ - ", "")).containsExactly("error: something broke",
                "test_failure: tests/test_x.py::test_a");
        browser.assertNoConsoleErrors("the coloured session after seeking");
    }

    @Test
    void xssCorpusShowsAsTextOnBothPagesAndRunsNothing() throws Exception {
        browser.open(url("/"), "sessions-xss");
        assertInert();
        String command = browser.find("#sessions tbody tr[data-session='" + hostile + "'] td.command")
                .getDomProperty("textContent");
        for (String line : XSS) {
            assertThat(command).contains(line);
        }
        browser.open(url("/sessions/" + hostile), "session-xss");
        assertInert();
        String table = browser.find("#events").getText();
        for (String line : XSS) {
            assertThat(table).contains("error: " + line);
        }
        assertThat(browser.find("#facts").getText()).contains(XSS.get(0));
        browser.find(".ap-player").click();
        browser.waitUntil(10, () -> terminalText(browser).contains("click"));
        assertThat(terminalText(browser)).contains(XSS.get(0), XSS.get(1), "<img src=x onerror=alert(2)>");
        assertInert();
        browser.screenshot("session-xss-played");
    }

    @Test
    void searchShowsHitsAsTextAndOpensTheSessionAtTheHit() throws Exception {
        String row = "#hits tbody tr[data-session='" + coloured + "']";
        openUntil("/search?q=broke", "search", () -> !browser.findAll(row).isEmpty());
        assertThat(browser.find(row + " td.text").getText()).isEqualTo("error: something broke");
        assertThat(browser.find(row + " td.text mark").getText()).isEqualTo("broke");
        assertThat(browser.find("#filters input[name=q]").getAttribute("value")).isEqualTo("broke");
        browser.find(row + " a").click();
        browser.waitUntil(10, () -> "true".equals(browser.script("return document.body.dataset.loaded")));
        assertThat(browser.driver.getCurrentUrl()).startsWith(url("/sessions/" + coloured + "?at="));
        browser.waitUntil(10, () -> terminalText(browser).contains("error: something broke"));
        assertThat(terminalText(browser)).doesNotContain("the very end");
        browser.screenshot("session-at-search-hit");
        browser.assertNoConsoleErrors("the session opened at a search hit");
    }

    @Test
    void searchForTheXssCorpusShowsItAsTextAndRunsNothing() throws Exception {
        String row = "#hits tbody tr[data-session='" + hostile + "']";
        openUntil("/search?q=alert", "search-xss", () -> browser.findAll(row).size() >= 5);
        assertInert();
        String hits = browser.find("#hits").getText();
        for (String line : XSS.subList(0, 3)) {
            assertThat(hits).contains(line);
        }
    }

    /** Opens a page again until the condition holds: the daemon indexes new lines for search a little later. */
    private void openUntil(String path, String name, java.util.function.BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        browser.open(url(path), name);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("%s within 30 s", path).isLessThan(deadline);
            browser.open(url(path), name);
        }
    }

    /** No dialog, no element or attribute the corpus spells, no link to javascript:. */
    private void assertInert() {
        assertThat(browser.alertOpen()).as("an alert is open").isFalse();
        Object injected = browser.script("return document.querySelectorAll('img[src=x], [onerror], [onload],"
                + " script:not([src]), style, textarea, a[href^=javascript], svg:not(.ap-player svg)').length");
        assertThat(injected).as("injected elements").isEqualTo(0L);
        browser.assertNoConsoleErrors("the hostile session");
    }

    static String terminalText(Browser browser) {
        return (String) browser.script("const t = document.querySelector('pre.ap-term-text');"
                + " return t ? t.textContent : ''");
    }

    private String defaultColour() {
        return (String) browser.script("const t = document.querySelector('pre.ap-term-text');"
                + " return getComputedStyle(t).color");
    }
}
