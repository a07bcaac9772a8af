package dev.tapedeck.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

/**
 * The session page's player in a real headless Chromium against a real {@code tapedeck serve} on
 * sessions recorded by real {@code tapedeck run}s: play, pause, speed, the idle cap, the player's
 * keys, the selectors kept in the URL, and a session long enough to be read in windows
 * ({@code ?window=50}: 50 lines a window) seeking near its end. The player's controller is
 * {@code #player}'s {@code tapedeckPlayer}; times are seconds since the session's start.
 */
class DashboardPlayerTest {
    private static final String PLAYER = "document.getElementById('player').tapedeckPlayer";
    /** A line every 0.2 s for about 8 s. */
    private static final String TICKER = "for i in $(seq 1 40); do echo \"tick $i\"; sleep 0.2; done";
    /** 600 lines in six bursts of 100, 0.3 s apart (the last bursts in later windows). */
    private static final String LONG = "i=1; while [ $i -le 600 ]; do echo \"row $i\";"
            + " if [ $((i % 100)) = 0 ]; then sleep 0.3; fi; i=$((i + 1)); done";
    /** A pause of 4 s, longer than the default cap of 2 s, then an error. */
    private static final String GAPPY = "echo before; sleep 4; echo 'after the gap'; echo 'error: late failure'";

    @TempDir
    static Path dir;
    static Served served;
    static Browser browser;
    static String ticker;
    static String longSession;
    static String gappy;

    @BeforeAll
    static void recordAndServe() throws Exception {
        Path db = dir.resolve("p.db");
        ticker = record(db, "ticker", TICKER);
        longSession = record(db, "long", LONG);
        gappy = record(db, "gappy", GAPPY);
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

    private static String record(Path db, String agent, String script) throws Exception {
        TestSupport.Result r = TestSupport.tapedeck(dir, Map.of(), null, "run", "--db", db.toString(), "--agent", agent,
                "--", "sh", "-c", script);
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        String list = TestSupport.tapedeck(dir, Map.of(), null, "ls", "--db", db.toString(), "--agent", agent,
                "-o", "json").out();
        return com.google.gson.JsonParser.parseString(list).getAsJsonArray().get(0).getAsJsonObject()
                .get("session_id").getAsString();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + served.port + path;
    }

    private double number(String js) {
        return ((Number) browser.script("return " + js)).doubleValue();
    }

    private double time() {
        return number(PLAYER + ".getCurrentTime()");
    }

    /** Seconds since the session's start of its line number n, from the lines route. */
    private double timeOfLine(String session, int n) throws Exception {
        Instant started = Instant.parse(served.get("/api/query/session/" + session).json()
                .getAsJsonObject("session").get("started_at").getAsString());
        JsonObject line = served.get("/api/query/session/" + session + "/lines?from_line=" + n + "&limit=1").json()
                .getAsJsonArray("lines").get(0).getAsJsonObject();
        assertThat(line.get("line_number").getAsInt()).isEqualTo(n);
        return Duration.between(started, Instant.parse(line.get("timestamp").getAsString())).toNanos() / 1e9;
    }

    /**
     * Wall-clock seconds the playing player takes from session time from to session time to,
     * measured in the page (polled every 10 ms, at most 20 s).
     */
    private double wallSecondsToPlay(double from, double to) {
        Object elapsed = browser.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + " const p = " + PLAYER + "; const from = arguments[0], to = arguments[1];"
                + " const deadline = performance.now() + 20000; let start = null;"
                + " (function poll() { const t = p.getCurrentTime(); const now = performance.now();"
                + "   if (start === null && t >= from) start = now;"
                + "   if (start !== null && t >= to) return done((now - start) / 1000);"
                + "   if (now > deadline) return done(-1);"
                + "   setTimeout(poll, 10); })();", from, to);
        double seconds = ((Number) elapsed).doubleValue();
        assertThat(seconds).as("playing from %s to %s s within 20 s", from, to).isPositive();
        return seconds;
    }

    @Test
    void playAdvancesPauseStopsAndTheKeysWork() throws Exception {
        browser.open(url("/sessions/" + ticker), "player-ticker");
        assertThat(time()).isZero();
        // A click on the terminal plays, and gives the player the keyboard.
        browser.find(".ap-player").click();
        browser.waitUntil(10, () -> time() >= 1.0);
        assertThat(DashboardTest.terminalText(browser)).contains("tick 1", "tick 2");
        new Actions(browser.driver).sendKeys(" ").perform();
        browser.waitUntil(5, () -> !(Boolean) browser.script("return " + PLAYER + ".isPlaying()"));
        double paused = time();
        // Half a second of wall time, measured in the page: a paused player stays where it is.
        Object moved = browser.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + " const p = " + PLAYER + "; const t = p.getCurrentTime();"
                + " setTimeout(() => done(p.getCurrentTime() - t), 500);");
        assertThat(((Number) moved).doubleValue()).as("position change while paused").isZero();
        // "." steps one frame: the next tick's line, about 0.2 s on.
        String before = DashboardTest.terminalText(browser);
        new Actions(browser.driver).sendKeys(".").perform();
        browser.waitUntil(5, () -> time() > paused);
        assertThat(time() - paused).as("one step").isBetween(0.0, 0.5);
        browser.waitUntil(5, () -> !DashboardTest.terminalText(browser).equals(before));
        // "," steps back a frame; the right arrow seeks 5 s on, the left one 5 s back.
        double stepped = time();
        new Actions(browser.driver).sendKeys(",").perform();
        browser.waitUntil(5, () -> time() < stepped);
        double back = time();
        new Actions(browser.driver).sendKeys(org.openqa.selenium.Keys.ARROW_RIGHT).perform();
        browser.waitUntil(5, () -> time() > back + 4.9);
        assertThat(time()).isCloseTo(back + 5, org.assertj.core.data.Offset.offset(0.01));
        new Actions(browser.driver).sendKeys(org.openqa.selenium.Keys.ARROW_LEFT).perform();
        browser.waitUntil(5, () -> time() < back + 0.1);
        // Space plays again.
        new Actions(browser.driver).sendKeys(" ").perform();
        double resumed = time();
        browser.waitUntil(10, () -> time() > resumed + 0.5);
        browser.script(PLAYER + ".pause()");
    }

    @Test
    void fourTimesTheSpeedPlaysAboutFourTimesAsFast() throws Exception {
        browser.open(url("/sessions/" + ticker), "player-speed-1");
        browser.script(PLAYER + ".play()");
        double normal = wallSecondsToPlay(0.5, 2.5);
        browser.script(PLAYER + ".pause()");
        new Select(browser.find("#speed")).selectByValue("4");
        browser.waitUntil(10, () -> browser.driver.getCurrentUrl().contains("speed=4"));
        browser.script(PLAYER + ".seek(0)");
        browser.waitUntil(10, () -> time() < 0.1);
        browser.script(PLAYER + ".play()");
        double fast = wallSecondsToPlay(0.5, 4.5);
        browser.script(PLAYER + ".pause()");
        // 2 s of session time at 1x, 4 s at 4x: the second takes half the wall time.
        double rateNormal = 2.0 / normal;
        double rateFast = 4.0 / fast;
        assertThat(rateNormal).as("session seconds per second at 1x (%s s for 2 s)", normal).isBetween(0.6, 1.4);
        assertThat(rateFast / rateNormal).as("4x against 1x (%s s for 4 s, %s s for 2 s)", fast, normal)
                .isBetween(2.5, 5.5);
        browser.screenshot("player-speed-4");
    }

    @Test
    void speedAndIdleSurviveAReloadThroughTheUrlAndKeepThePosition() throws Exception {
        browser.open(url("/sessions/" + ticker), "player-options");
        browser.script(PLAYER + ".seek(3)");
        browser.waitUntil(10, () -> Math.abs(time() - 3) < 0.01);
        new Select(browser.find("#speed")).selectByValue("8");
        browser.waitUntil(10, () -> browser.driver.getCurrentUrl().contains("speed=8"));
        browser.waitUntil(10, () -> Math.abs(time() - 3) < 0.01);
        new Select(browser.find("#idle")).selectByValue("0.5");
        browser.waitUntil(10, () -> browser.driver.getCurrentUrl().contains("idle=0.5"));
        browser.waitUntil(10, () -> Math.abs(time() - 3) < 0.01);
        assertThat(DashboardTest.terminalText(browser)).contains("tick 1", "tick 14").doesNotContain("tick 20");
        browser.driver.navigate().refresh();
        browser.waitUntil(15, () -> "true".equals(browser.script("return document.body.dataset.loaded")));
        assertThat(new Select(browser.find("#speed")).getFirstSelectedOption().getAttribute("value")).isEqualTo("8");
        assertThat(new Select(browser.find("#idle")).getFirstSelectedOption().getAttribute("value")).isEqualTo("0.5");
        assertThat((Boolean) browser.script("return performance.getEntriesByType('resource')"
                + ".some(e => e.name.includes('/api/replay/cast/') && e.name.includes('idle=0.5'))")).isTrue();
        browser.assertNoConsoleErrors("the page reloaded with speed=8&idle=0.5");
    }

    @Test
    void idleGapsAreCappedWhileSeeksAndMarkersStayOnTheSessionsClock() throws Exception {
        browser.open(url("/sessions/" + gappy), "player-gappy");
        double after = timeOfLine(gappy, 2);
        assertThat(after).as("the line after the 4 s pause").isGreaterThan(3.5);
        // Played with the default cap of 2 s: the 4 s pause plays as 2.
        assertThat(number(PLAYER + ".getDuration()")).isLessThan(after - 1.5);
        browser.script(PLAYER + ".seek(arguments[0])", after + 0.001);
        browser.waitUntil(10, () -> DashboardTest.terminalText(browser).contains("after the gap"));
        assertThat(time()).isCloseTo(after + 0.001, org.assertj.core.data.Offset.offset(0.01));
        // The error's marker is where the error is on the played clock, not 2 s further.
        List<String> markers = browser.findAll(".ap-marker-container").stream()
                .map(m -> m.getDomProperty("textContent")).toList();
        // The player labels a marker with its played time: 2.1 s, where the error's line plays (4.1 s
        // of session time, 2 s of it cut from the pause).
        assertThat(timeOfLine(gappy, 3)).isGreaterThan(3.5);
        assertThat(markers).containsExactly("00:02 - error: late failure");
    }

    @Test
    void aSessionReadInWindowsSeeksNearItsEndAndOpensAtADeepLink() throws Exception {
        JsonObject index = served.get("/api/replay/cast/" + longSession + "?window=50&idle=2").json();
        JsonArray segments = index.getAsJsonArray("segments");
        assertThat(segments.size()).as("windows of 50 of 600 lines").isBetween(6, 12);
        browser.open(url("/sessions/" + longSession + "?window=50"), "player-windowed");
        // Line 500 ends a burst (lines read together share their time): the moment after it shows it last.
        double at = timeOfLine(longSession, 500);
        assertThat(timeOfLine(longSession, 501)).isGreaterThan(at + 0.2);
        browser.script(PLAYER + ".seek(arguments[0])", at + 0.001);
        browser.waitUntil(10, () -> DashboardTest.terminalText(browser).contains("row 500"));
        String screen = DashboardTest.terminalText(browser);
        // The window's snapshot drew the lines before it: a full screen (40 rows) of rows up to 500.
        assertThat(screen).contains("row 462", "row 480", "row 499", "row 500").doesNotContain("row 501");
        assertThat(windowsFetched()).as("windows fetched of %s", segments.size()).isLessThan(segments.size())
                .isPositive();
        browser.screenshot("player-windowed-near-end");

        Instant started = Instant.parse(served.get("/api/query/session/" + longSession).json()
                .getAsJsonObject("session").get("started_at").getAsString());
        String line300 = served.get("/api/query/session/" + longSession + "/lines?from_line=300&limit=1").json()
                .getAsJsonArray("lines").get(0).getAsJsonObject().get("timestamp").getAsString();
        assertThat(Instant.parse(line300)).isAfter(started);
        browser.open(url("/sessions/" + longSession + "?window=50&at=" + line300), "player-windowed-at");
        browser.waitUntil(10, () -> DashboardTest.terminalText(browser).contains("row 300"));
        assertThat(DashboardTest.terminalText(browser)).contains("row 262", "row 300").doesNotContain("row 301");
    }

    private long windowsFetched() {
        return (Long) browser.script("return performance.getEntriesByType('resource')"
                + ".filter(e => e.name.includes('/window?')).length");
    }
}
