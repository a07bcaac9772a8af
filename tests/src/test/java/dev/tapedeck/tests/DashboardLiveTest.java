package dev.tapedeck.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard while sessions are being recorded, in a real headless Chromium: the session page
 * following a running session's output in the player (the sessions page's live rows are in
 * {@link DashboardSessionsLiveTest}). Each test starts its own {@code tapedeck run}, held by gate
 * files.
 */
class DashboardLiveTest {
    @TempDir
    static Path dir;
    static Path db;
    static Served served;
    static Browser browser;

    @BeforeAll
    static void serve() throws Exception {
        db = dir.resolve("live.db");
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

    private static String url(String path) {
        return "http://127.0.0.1:" + served.port + path;
    }

    /** Starts {@code tapedeck run --agent AGENT -- sh -c SCRIPT} in dir, recording into the served database. */
    private static Process run(String agent, String script) throws Exception {
        return new ProcessBuilder(TestSupport.javaBin(), "-Xmx256m", "-jar", TestSupport.JAR.toAbsolutePath().toString(),
                "run", "--db", db.toString(), "--agent", agent, "--", "sh", "-c", script)
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve(agent + ".log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    }

    /** The id of the agent's newest session, or null when it has none (yet). */
    private static String sessionOf(String agent) {
        try {
            String list = TestSupport.tapedeck(dir, Map.of(), null, "ls", "--db", db.toString(), "--agent", agent,
                    "-o", "json").out();
            var sessions = com.google.gson.JsonParser.parseString(list).getAsJsonArray();
            return sessions.isEmpty() ? null : sessions.get(0).getAsJsonObject().get("session_id").getAsString();
        } catch (Exception e) {
            throw new AssertionError("tapedeck ls failed", e);
        }
    }

    @Test
    void sessionPageFollowsARunningSessionUntilItEnds() throws Exception {
        Process follow = run("follow", "printf '\\033[33mfirst line\\033[0m\\n';"
                + " while [ ! -e gate-follow ]; do sleep 0.05; done;"
                + " echo 'second line'; while [ ! -e gate-follow-2 ]; do sleep 0.05; done");
        try {
            assertThat(TestSupport.await(30, () -> sessionOf("follow") != null)).isTrue();
            String id = sessionOf("follow");
            browser.open(url("/sessions/" + id), "session-live");
            browser.waitUntil(10, () -> DashboardTest.terminalText(browser).contains("first line"));
            assertThat(DashboardTest.terminalText(browser)).doesNotContain("second line");
            long gate = System.nanoTime();
            java.nio.file.Files.writeString(dir.resolve("gate-follow"), "");
            browser.waitUntil(10, () -> DashboardTest.terminalText(browser).contains("second line"));
            // The shell's poll (50 ms), the recorder's commit and the daemon's tail (100 ms) included.
            System.out.printf("live: a new line showed %d ms after its command was let go%n",
                    (System.nanoTime() - gate) / 1_000_000);
            browser.screenshot("session-live-second-line");
            java.nio.file.Files.writeString(dir.resolve("gate-follow-2"), "");
            assertThat(follow.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            // The facts are read again when the player's stream ends: the badge says so.
            browser.waitUntil(10, () -> "completed".equals(browser.script(
                    "const b = document.querySelector('#title .badge'); return b ? b.textContent : null")));
            // Then the player is an ended session's, at its end: it seeks (an event's click), and its
            // speed and idle selectors work.
            String player = "document.getElementById('player').tapedeckPlayer";
            browser.waitUntil(10, () -> Boolean.FALSE.equals(browser.script("return " + player + ".isLive()"))
                    && browser.find("#speed").isEnabled());
            browser.waitUntil(10, () -> DashboardTest.terminalText(browser).contains("second line"));
            browser.script(player + ".seek(0.001)");
            browser.waitUntil(10, () -> !DashboardTest.terminalText(browser).contains("second line"));
            browser.screenshot("session-live-ended-seeked");
            browser.assertNoConsoleErrors("the live session page");
        } finally {
            java.nio.file.Files.writeString(dir.resolve("gate-follow"), "");
            java.nio.file.Files.writeString(dir.resolve("gate-follow-2"), "");
            follow.destroyForcibly();
        }
    }
}
