package dev.tapedeck.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sessions page's live rows in a real headless Chromium: a session started by another
 * {@code tapedeck run} while the page is open appears with a live badge, its line count changes
 * and it turns to completed when it ends, each within a deadline, all in place over the page's one
 * SSE stream (the page is never reloaded); a running session older than a full first page stays
 * off it; after the daemon restarts, the page reads the listing again (a session ended meanwhile).
 * Also its since/until filters in the URL.
 */
class DashboardSessionsLiveTest {
    /** What the page may take from a commit to showing it: one look a second, and the tail's 100 ms. */
    private static final int DEADLINE_SECONDS = 5;

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

    /** A value of the row of the agent's session, read in the page; null while there is none. */
    private static Object rowValue(String agent, String js) {
        return browser.script("const r = [...document.querySelectorAll('#sessions tbody tr[data-session]')]"
                + ".find(r => r.children[1].textContent === arguments[0]); return r ? " + js + " : null", agent);
    }

    @Test
    void aSessionStartedWhileThePageIsOpenComesLiveChangesAndEndsInPlace() throws Exception {
        browser.open(url("/?agent=watched"), "sessions-live-empty");
        assertThat(browser.find("#sessions tbody").getText()).isEqualTo("No sessions.");
        browser.waitUntil(DEADLINE_SECONDS, () -> "true".equals(browser.script("return document.body.dataset.live")));
        // Set in this very document: still there at the end means no reload happened.
        browser.script("window.sameDocument = true");
        Process live = TestSupport.start(dir, "run", "--db", db.toString(), "--agent", "watched", "--", "sh", "-c",
                "echo one; while [ ! -e gate-1 ]; do sleep 0.05; done; echo two; echo three;"
                        + " while [ ! -e gate-2 ]; do sleep 0.05; done");
        try {
            // The recorder's JVM takes a while to start; the page's deadline runs from the session's first line.
            assertThat(TestSupport.await(30, () -> served.bodyOf("/api/query/sessions?agent=watched")
                    .contains("\"total_lines_processed\":1"))).as("the session recorded its first line").isTrue();
            browser.waitUntil(DEADLINE_SECONDS, () -> "1".equals(rowValue("watched", "r.children[7].textContent")));
            assertThat(rowValue("watched", "r.querySelector('.badge').textContent")).isEqualTo("live");
            assertThat(rowValue("watched", "r.dataset.status")).isEqualTo("running");
            browser.screenshot("sessions-live-running");

            long gate = System.nanoTime();
            Files.writeString(dir.resolve("gate-1"), "");
            browser.waitUntil(DEADLINE_SECONDS, () -> "3".equals(rowValue("watched", "r.children[7].textContent")));
            System.out.printf("sessions page: a row's line count changed %d ms after its command was let go%n",
                    (System.nanoTime() - gate) / 1_000_000);

            gate = System.nanoTime();
            Files.writeString(dir.resolve("gate-2"), "");
            assertThat(live.waitFor(30, TimeUnit.SECONDS)).as("the live run ended").isTrue();
            browser.waitUntil(DEADLINE_SECONDS, () -> "completed".equals(rowValue("watched", "r.dataset.status")));
            System.out.printf("sessions page: the row turned completed %d ms after its command was let go%n",
                    (System.nanoTime() - gate) / 1_000_000);
            assertThat(rowValue("watched", "r.querySelector('.badge').textContent")).isEqualTo("completed");
            assertThat(rowValue("watched", "r.children[4].textContent")).isEqualTo("0");
            assertThat(browser.findAll("#sessions tbody tr")).hasSize(1);
            assertThat(browser.script("return window.sameDocument === true")).isEqualTo(true);
            browser.screenshot("sessions-live-ended");
            browser.assertNoConsoleErrors("the sessions page after the live session ended");
        } finally {
            Files.writeString(dir.resolve("gate-1"), "");
            Files.writeString(dir.resolve("gate-2"), "");
            live.destroyForcibly();
        }
    }

    @Test
    void aRunningSessionOlderThanAFullFirstPageStaysOffItWhileANewOneComesOn() throws Exception {
        Process older = TestSupport.start(dir, "run", "--db", db.toString(), "--agent", "older-run", "--", "sh", "-c",
                "echo older; while [ ! -e gate-older ]; do sleep 0.05; done");
        Process newest = null;
        try {
            assertThat(TestSupport.await(30, () -> served.bodyOf("/api/query/sessions?agent=older-run")
                    .contains("\"running\""))).isTrue();
            TestSupport.Result done = TestSupport.tapedeck(dir, Map.of(), null, "run", "--db", db.toString(), "--agent",
                    "newer-done", "--", "sh", "-c", "echo done");
            assertThat(done.exitCode()).as(done.stderr()).isZero();
            browser.open(url("/?limit=1"), "sessions-live-full-page");
            assertThat(rowValue("newer-done", "r.dataset.status")).isEqualTo("completed");
            newest = TestSupport.start(dir, "run", "--db", db.toString(), "--agent", "newest-live", "--", "sh", "-c",
                    "echo newest; while [ ! -e gate-older ]; do sleep 0.05; done");
            // The stream's first look sent every running session, older-run among them, before this one existed.
            browser.waitUntil(30, () -> "running".equals(rowValue("newest-live", "r.dataset.status")));
            assertThat(browser.findAll("#sessions tbody tr[data-session]")).extracting(r -> r.findElement(
                    org.openqa.selenium.By.cssSelector("td:nth-child(2)")).getText())
                    .containsExactly("newest-live", "newer-done");
        } finally {
            Files.writeString(dir.resolve("gate-older"), "");
            older.waitFor(30, TimeUnit.SECONDS);
            older.destroyForcibly();
            if (newest != null) {
                newest.waitFor(30, TimeUnit.SECONDS);
                newest.destroyForcibly();
            }
        }
    }

    @Test
    void afterTheDaemonRestartsThePageReadsTheListingAgain() throws Exception {
        Path restartDb = dir.resolve("restart.db");
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Served first = Served.start(dir, restartDb, port);
        Process live = TestSupport.start(dir, "run", "--db", restartDb.toString(), "--agent", "restarted", "--", "sh",
                "-c", "echo up; while [ ! -e gate-restart ]; do sleep 0.05; done");
        try {
            assertThat(TestSupport.await(30, () -> first.bodyOf("/api/query/sessions").contains("\"running\""))).isTrue();
            browser.open("http://127.0.0.1:" + port + "/", "sessions-before-restart");
            browser.waitUntil(DEADLINE_SECONDS, () -> "true".equals(browser.script("return document.body.dataset.live")));
            assertThat(rowValue("restarted", "r.dataset.status")).isEqualTo("running");
            // The session ends while no daemon runs: no stream can tell the page, the listing read on reconnecting does.
            assertThat(first.stop()).isZero();
            Files.writeString(dir.resolve("gate-restart"), "");
            assertThat(live.waitFor(30, TimeUnit.SECONDS)).isTrue();
            try (Served second = Served.start(dir, restartDb, port)) {
                browser.waitUntil(30, () -> "completed".equals(rowValue("restarted", "r.dataset.status")));
                browser.screenshot("sessions-after-restart");
                browser.driver.get("about:blank");
            }
            // While the daemon was down the browser's reconnects were refused; nothing else went wrong.
            for (var entry : browser.driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER)) {
                if (entry.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue()) {
                    assertThat(entry.getMessage()).contains("/api/stream/sessions");
                }
            }
        } finally {
            Files.writeString(dir.resolve("gate-restart"), "");
            live.destroyForcibly();
            first.close();
        }
    }

    @Test
    void sinceAndUntilAreInTheUrlAndTheForm() throws Exception {
        TestSupport.Result r = TestSupport.tapedeck(dir, Map.of(), null, "run", "--db", db.toString(), "--agent", "old",
                "--", "sh", "-c", "echo old");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        browser.open(url("/?agent=old&until=2000-01-01"), "sessions-until");
        assertThat(browser.find("#filters input[name=until]").getAttribute("value")).isEqualTo("2000-01-01");
        assertThat(browser.find("#sessions tbody").getText()).isEqualTo("No sessions.");
        browser.find("#filters input[name=until]").clear();
        browser.find("#filters input[name=since]").sendKeys("1h");
        browser.find("#filters button").click();
        browser.waitUntil(10, () -> browser.driver.getCurrentUrl().equals(url("/?agent=old&since=1h")));
        browser.waitUntil(10, () -> "true".equals(browser.script("return document.body.dataset.loaded")));
        assertThat(browser.findAll("#sessions tbody tr[data-session]")).hasSize(1);
        assertThat(browser.find("#sessions tbody").getText()).contains("old", "completed");
    }
}
