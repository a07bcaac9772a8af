package dev.tapedeck.bench;

import dev.tapedeck.api.Daemon;
import dev.tapedeck.store.Database;
import dev.tapedeck.store.Extraction;
import dev.tapedeck.store.NewSession;
import dev.tapedeck.store.OutputLine;
import dev.tapedeck.store.SessionEnd;
import dev.tapedeck.store.SessionStatus;
import dev.tapedeck.store.Stream;
import dev.tapedeck.store.Write;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * How fast the dashboard is in a real headless Chromium (Debian's {@code chromium} and
 * {@code chromedriver}) against the real daemon on {@link QueryHarness}'s database (build it first:
 * 10,000,000 lines in 1,000 sessions) plus one session of 1,000,000 lines, added here when missing
 * ({@code long-1m}: bursts of 200 coloured lines 5 ms apart, then pauses of 1 to 8 s, about 7 hours;
 * an event every 100 lines, one in five an error). Per run, with the browser's cache cleared first:
 * <ul>
 *   <li>the sessions page and a session page (of 10,000 lines), from navigation start until the
 *   page marks {@code body[data-loaded]} (its data drawn, its handlers bound);</li>
 *   <li>the 1,000,000-line session: from navigation start until the player plays (its clock past
 *   0; the session's first line comes after a pause of 1 to 8 s, played as at most 2 s), the play
 *   asked for as soon as the harness saw the page loaded;</li>
 *   <li>a seek to the start of the session's last minute, until the terminal shows the last line
 *   recorded before that moment.</li>
 * </ul>
 * Times are the page's own ({@code performance.now()}, from navigation start). Prints the median,
 * min and max of each as a Markdown table.
 *
 * <p>Run from the repository root: {@code java -Xmx1g -cp bench/target/benchmarks.jar
 * dev.tapedeck.bench.DashboardHarness --db /tmp/qb/big.db [--runs 7]}.
 */
public final class DashboardHarness {
    static final String LONG = "long-1m";
    private static final int LONG_LINES = 1_000_000;
    private static final String PLAYER = "document.getElementById('player').tapedeckPlayer";
    /** Records when the page marks body[data-loaded], in the page's own time; run before the page's scripts. */
    private static final String LOADED_PROBE = "new MutationObserver((records, observer) => {"
            + " if (document.body && document.body.dataset.loaded === 'true') {"
            + "  window.__loadedAt = performance.now(); observer.disconnect(); } })"
            + ".observe(document, { attributes: true, subtree: true, childList: true });";

    private DashboardHarness() {
    }

    public static void main(String[] args) throws Exception {
        Path dbPath = Path.of(QueryHarness.arg(args, "--db", "query-bench.db"));
        int runs = Integer.parseInt(QueryHarness.arg(args, "--runs", "7"));
        try (Database db = Database.open(dbPath)) {
            if (db.sessions().find(LONG).isEmpty()) {
                long start = System.nanoTime();
                writeLong(db);
                System.out.printf("wrote %s: %,d lines in %.0f s%n", LONG, LONG_LINES, (System.nanoTime() - start) / 1e9);
            }
            var session = db.sessions().get(LONG);
            double seekTo = Duration.between(session.startedAt(), session.endedAt()).toNanos() / 1e9 - 60;
            long lineAt = db.output().positionBefore(LONG, session.startedAt().plusNanos((long) (seekTo * 1e9) + 1_000))
                    .line();
            String expected = db.output().listLines(LONG, lineAt, 1, null).get(0).text();
            String token = expected.substring(0, expected.indexOf(' ', 5));
            try (Daemon daemon = Daemon.start(db, "127.0.0.1", 0)) {
                String base = "http://127.0.0.1:" + daemon.address().getPort();
                measure(base, runs, seekTo, token);
            }
        }
    }

    private static void measure(String base, int runs, double seekTo, String token) {
        ChromeDriver driver = chromium();
        try {
            driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", LOADED_PROBE));
            driver.executeCdpCommand("Network.enable", Map.of());
            List<double[]> rows = new ArrayList<>();
            for (int run = 0; run <= runs; run++) {
                double sessions = loaded(driver, base + "/");
                double page = loaded(driver, base + "/sessions/bench-" + String.format(Locale.ROOT, "%04d", 17 + 97 * run));
                double opened = loaded(driver, base + "/sessions/" + LONG);
                double playing = number(driver, "const done = arguments[arguments.length - 1]; const p = " + PLAYER + ";"
                        + " p.play(); (function poll() {"
                        + "  if (p.getCurrentTime() > 0) return done(performance.now());"
                        + "  setTimeout(poll, 5); })();");
                double seek = number(driver, "const done = arguments[arguments.length - 1]; const p = " + PLAYER + ";"
                        + " const target = arguments[0], token = arguments[1];"
                        + " p.pause(); const start = performance.now(); p.seek(target);"
                        + " (function poll() { const t = document.querySelector('pre.ap-term-text');"
                        + "  if (t && t.textContent.includes(token)) return done(performance.now() - start);"
                        + "  if (performance.now() - start > 30000) return done(-1);"
                        + "  setTimeout(poll, 5); })();", seekTo, token);
                if (run == 0) {
                    // Where the time went on the long session's page: its requests, in the page's time.
                    System.out.println(driver.executeScript("return performance.getEntriesByType('resource')"
                            + ".map(e => Math.round(e.startTime) + '+' + Math.round(e.duration) + ' ms '"
                            + " + e.transferSize + ' B ' + e.name.replace(location.origin, '')).join('\\n')"));
                }
                if (run > 0) {
                    // Run 0 warms the JIT of the daemon and the browser's compile caches; it is not counted.
                    rows.add(new double[] {sessions, page, opened, playing, seek});
                }
                System.out.printf("run %d: sessions %.0f ms, session %.0f ms, long opened %.0f ms, playing %.0f ms,"
                        + " seek %.0f ms%n", run, sessions, page, opened, playing, seek);
            }
            print(rows, runs);
        } finally {
            driver.quit();
        }
    }

    /** Opens url with an empty cache and answers when the page marked itself loaded, in ms since navigation start. */
    private static double loaded(ChromeDriver driver, String url) {
        driver.executeCdpCommand("Network.clearBrowserCache", Map.of());
        driver.get(url);
        return waitFor(() -> driver.executeScript("return window.__loadedAt === undefined ? null : window.__loadedAt"));
    }

    private static double number(ChromeDriver driver, String script, Object... args) {
        Object value = driver.executeAsyncScript(script, args);
        return ((Number) value).doubleValue();
    }

    private static double waitFor(Supplier<Object> probe) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            Object value = probe.get();
            if (value instanceof Number n) {
                return n.doubleValue();
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        throw new IllegalStateException("the page did not load within 60 s");
    }

    private static void print(List<double[]> rows, int runs) {
        String[] names = {"sessions page `/`: data-loaded", "session page (10,000 lines): data-loaded",
            "1,000,000-line session: data-loaded", "1,000,000-line session: playing (from navigation start)",
            "1,000,000-line session: seek to its last minute, drawn"};
        System.out.printf("%n| measurement (ms) | runs | median | min | max |%n|---|---|---|---|---|%n");
        for (int c = 0; c < names.length; c++) {
            double[] values = new double[rows.size()];
            for (int r = 0; r < rows.size(); r++) {
                values[r] = rows.get(r)[c];
            }
            Arrays.sort(values);
            System.out.printf(Locale.ROOT, "| %s | %d | %.0f | %.0f | %.0f |%n", names[c], runs, values[values.length / 2],
                    values[0], values[values.length - 1]);
        }
    }

    private static ChromeDriver chromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(new File("/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1400,1000", "--no-first-run", "--disable-extensions");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort()
                .withLogFile(new File("/dev/null")).build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        return driver;
    }

    /** The long session: bursts of 200 lines 5 ms apart, pauses of 1 to 8 s between them. */
    private static void writeLong(Database db) {
        Random random = new Random(7);
        Instant t0 = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        put(db, NewSession.of(LONG, "agent-long", t0).withCommand("agent-long --task long", "/work"));
        Instant at = t0;
        for (int n = 1; n <= LONG_LINES; n++) {
            at = n % 200 == 1 ? at.plusMillis(1_000 + random.nextInt(7_000)) : at.plusMillis(5);
            boolean error = n % 500 == 0;
            String text = String.format(Locale.ROOT, "line%07d %s step %d of the long task", n,
                    error ? "error: build failed in module" : "compiling module", n % 977);
            String raw = (error ? "\033[31m" : n % 3 == 0 ? "\033[32m" : "") + text + (error || n % 3 == 0 ? "\033[0m" : "")
                    + "\n";
            put(db, new OutputLine(LONG, n, Stream.STDOUT, at, text, raw.getBytes(StandardCharsets.UTF_8), false));
            if (n % 100 == 0) {
                put(db, Extraction.of("agent-long", LONG, at, error ? "error" : "tool_call", error ? "error" : "tool",
                        error ? "build failed in module" : "compile " + n).withLine((long) n, text));
            }
        }
        put(db, new SessionEnd(LONG, SessionStatus.COMPLETED, 0, at.plusSeconds(2), 0, null));
        db.flush();
    }

    private static void put(Database db, Write write) {
        if (!db.writes().append(write, Duration.ofMinutes(1))) {
            throw new IllegalStateException("the store did not take a write within a minute");
        }
    }
}
