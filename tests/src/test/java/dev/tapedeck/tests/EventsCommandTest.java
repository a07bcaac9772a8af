package dev.tapedeck.tests;

import static dev.tapedeck.tests.TestSupport.tapedeck;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.tapedeck.store.Database;
import dev.tapedeck.store.Extraction;
import dev.tapedeck.store.ExtractionFilter;
import dev.tapedeck.store.NewSession;
import dev.tapedeck.store.PageRequest;
import dev.tapedeck.store.RiskLevel;
import dev.tapedeck.store.SessionEnd;
import dev.tapedeck.store.SessionStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tapedeck events}: events across sessions, journalctl style, run as a process. */
class EventsCommandTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final String A = "20261201-100000-aaaaaa";
    private static final String B = "20261202-100000-bbbbbb";

    @TempDir
    Path dir;

    private String db() {
        return dir.resolve("e.db").toString();
    }

    private TestSupport.Result events(String... args) throws Exception {
        return events(Map.of(), args);
    }

    private TestSupport.Result events(Map<String, String> env, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("events", "--db", db()));
        all.addAll(List.of(args));
        return tapedeck(dir, env, null, all.toArray(String[]::new));
    }

    /** Two ended sessions on two hosts: five events over two days, one of them hostile text. */
    private void knownRecording() {
        try (Database d = Database.open(Path.of(db()))) {
            d.writes().append(NewSession.of(A, "claude", T0).withCommand("claude -p fix", "/work")
                    .withProcess("laptop", 42L, null, null));
            d.writes().append(event(A, "claude", T0.plusSeconds(1), "error", "generic_error", "cannot find symbol", 3, null));
            d.writes().append(event(A, "claude", T0.plusSeconds(2), "shell_command", "shell_prompt_command",
                    "rm -rf build", 7, RiskLevel.HIGH));
            d.writes().append(event(A, "claude", T0.plusSeconds(3), "test_result", "pytest_summary", "3 passed", 9, null));
            d.writes().append(new SessionEnd(A, SessionStatus.FAILED, 1, T0.plusSeconds(4), 0, null));
            Instant t1 = T0.plus(java.time.Duration.ofDays(1));
            d.writes().append(NewSession.of(B, "codex", t1).withCommand("codex exec", "/work")
                    .withProcess("ci-runner", 43L, null, null));
            d.writes().append(event(B, "codex", t1.plusSeconds(1), "shell_command", "codex_json", "ls -la", 2,
                    RiskLevel.LOW));
            // Recorded text is hostile: a screen clear and an OSC 52 clipboard write in the value.
            d.writes().append(event(B, "codex", t1.plusSeconds(2), "exception", "python_traceback",
                    "boom\033[2J\033]52;c;aGk=\007 here", 5, null).withMetadata("{\"type\":\"KeyError\"}", null));
            d.writes().append(new SessionEnd(B, SessionStatus.COMPLETED, 0, t1.plusSeconds(3), 0, null));
            d.flush();
        }
    }

    private static Extraction event(String session, String agent, Instant at, String type, String pattern, String value,
                                    long line, RiskLevel risk) {
        Extraction x = Extraction.of(agent, session, at, type, pattern, value).withLine(line, value);
        return risk == null ? x : x.withRisk(risk, false);
    }

    @Test
    void printsTheNewestInTimeOrderAsATableExactly() throws Exception {
        knownRecording();

        TestSupport.Result all = events();
        assertThat(all.exitCode()).as(all.stderr()).isZero();
        assertThat(all.stderr()).isEmpty();
        assertThat(all.out()).isEqualTo("""
                TIME                  SESSION  AGENT     TYPE            RISK      LINE  VALUE
                2026-12-01T10:00:01Z  aaaaaa   claude    error           -            3  cannot find symbol
                2026-12-01T10:00:02Z  aaaaaa   claude    shell_command   high         7  rm -rf build
                2026-12-01T10:00:03Z  aaaaaa   claude    test_result     -            9  3 passed
                2026-12-02T10:00:01Z  bbbbbb   codex     shell_command   low          2  ls -la
                2026-12-02T10:00:02Z  bbbbbb   codex     exception       -            5  KeyError: boom here
                """);
        // -n keeps the newest, still printed oldest first; --all prints every one, oldest first.
        assertThat(events("-n", "2").out()).isEqualTo("""
                TIME                  SESSION  AGENT     TYPE            RISK      LINE  VALUE
                2026-12-02T10:00:01Z  bbbbbb   codex     shell_command   low          2  ls -la
                2026-12-02T10:00:02Z  bbbbbb   codex     exception       -            5  KeyError: boom here
                """);
        assertThat(events("--all").out()).isEqualTo(all.out());
    }

    @Test
    void jsonAndNdjsonAreTheApisObjects() throws Exception {
        knownRecording();

        TestSupport.Result json = events("-o", "json", "-n", "2");
        assertThat(json.exitCode()).isZero();
        JsonArray array = JsonParser.parseString(json.out()).getAsJsonArray();
        assertThat(array).hasSize(2);
        JsonObject first = array.get(0).getAsJsonObject();
        assertThat(first.get("session_id").getAsString()).isEqualTo(B);
        assertThat(first.get("event_type").getAsString()).isEqualTo("shell_command");
        assertThat(first.get("risk_level").getAsString()).isEqualTo("low");
        assertThat(first.get("timestamp").getAsString()).isEqualTo("2026-12-02T10:00:01.000000Z");
        // JSON keeps the exact value; escaping makes it safe, not cleaning.
        assertThat(array.get(1).getAsJsonObject().get("matched_value").getAsString())
                .isEqualTo("boom\033[2J\033]52;c;aGk=\007 here");
        assertThat(json.out()).doesNotContain("\033");

        List<String> lines = events("-o", "ndjson", "--all").out().lines().toList();
        assertThat(lines).hasSize(5);
        assertThat(lines).allSatisfy(l -> assertThat(JsonParser.parseString(l).isJsonObject()).isTrue());
        assertThat(JsonParser.parseString(lines.get(0)).getAsJsonObject().get("matched_value").getAsString())
                .isEqualTo("cannot find symbol");
        assertThat(events("-o", "json", "--agent", "nobody").out()).isEqualTo("[]\n");
    }

    @Test
    void everyFilterKeepsOnlyWhatItNames() throws Exception {
        knownRecording();

        assertThat(values("--agent", "codex")).containsExactly("ls -la", "boom\033[2J\033]52;c;aGk=\007 here");
        assertThat(values("--session", "aaaaaa")).containsExactly("cannot find symbol", "rm -rf build", "3 passed");
        assertThat(values("--session", "last")).containsExactly("ls -la", "boom\033[2J\033]52;c;aGk=\007 here");
        assertThat(values("--session", "last:claude")).hasSize(3);
        assertThat(values("--type", "shell_command")).containsExactly("rm -rf build", "ls -la");
        assertThat(values("--risk", "high")).containsExactly("rm -rf build");
        assertThat(values("--pattern", "pytest_summary")).containsExactly("3 passed");
        assertThat(values("--host", "ci-runner")).containsExactly("ls -la", "boom\033[2J\033]52;c;aGk=\007 here");
        assertThat(values("--since", "2026-12-02T00:00:00Z")).hasSize(2);
        assertThat(values("--until", "2026-12-01T10:00:02Z")).containsExactly("cannot find symbol");
        assertThat(values("--since", "2026-12-01T10:00:02Z", "--until", "2026-12-01T10:00:03Z"))
                .containsExactly("rm -rf build");
        assertThat(values("--type", "shell_command", "--host", "laptop")).containsExactly("rm -rf build");
        assertThat(values("--since", "1h")).isEmpty();
        assertThat(values("--type", "nope")).isEmpty();
    }

    private List<String> values(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("-o", "ndjson", "--all"));
        all.addAll(List.of(args));
        TestSupport.Result r = events(all.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        return r.out().lines().map(l -> JsonParser.parseString(l).getAsJsonObject().get("matched_value").getAsString())
                .toList();
    }

    @Test
    void colourOnlyOnATerminalAndNeverWithNoColor() throws Exception {
        knownRecording();

        String coloured = inTerminal(Map.of(), "events --risk high --db " + db());
        assertThat(coloured).contains("\033[1mTIME").contains("\033[33mhigh\033[0m");
        String plain = inTerminal(Map.of("NO_COLOR", "1"), "events --risk high --db " + db());
        assertThat(plain).doesNotContain("\033").contains("rm -rf build");
        assertThat(events("--risk", "high").out()).doesNotContain("\033");
        // The hostile value reaches a terminal cleaned too.
        assertThat(inTerminal(Map.of(), "events --type exception --db " + db())).doesNotContain("\033[2J")
                .doesNotContain("\033]52");
    }

    /** What events prints when stdout is a terminal (util-linux script gives it one), with no pager. */
    private String inTerminal(Map<String, String> env, String args) throws Exception {
        String inner = TestSupport.javaBin() + " -jar " + TestSupport.JAR.toAbsolutePath() + " " + args;
        ProcessBuilder builder = new ProcessBuilder("script", "-qfec", inner, "/dev/null").directory(dir.toFile())
                .redirectErrorStream(true);
        builder.environment().remove("NO_COLOR");
        builder.environment().put("PAGER", "cat");
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        return new String(out, StandardCharsets.UTF_8);
    }

    @Test
    void followSeesAnEventAnotherRecorderCommitsWithinASecondUntilCtrlC() throws Exception {
        knownRecording();
        Path gate = dir.resolve("gate");
        assertThat(new ProcessBuilder("mkfifo", gate.toString()).start().waitFor()).isZero();
        Process recorder = TestSupport.start(dir, "run", "--quiet", "--db", db(), "--agent", "live", "--session-id", "live-1", "--",
                "sh", "-c", "echo 'error: first failure'; read a < " + gate + "; echo 'error: second failure'");
        Process table = null;
        Process ndjson = null;
        try (Database database = Database.open(Path.of(db()))) {
            assertThat(TestSupport.await(60, () -> hasEvent(database, "first failure"))).isTrue();
            table = TestSupport.start(dir, "events", "-f", "-n", "1", "--agent", "live", "--db", db());
            ndjson = TestSupport.start(dir, "events", "-f", "-n", "1", "-o", "ndjson", "--db", db());
            TestSupport.Captured seen = new TestSupport.Captured(table.getInputStream());
            TestSupport.Captured seenJson = new TestSupport.Captured(ndjson.getInputStream());
            // Both followers are following once they have printed the newest event so far.
            assertThat(TestSupport.await(60, () -> seen.text().contains("first failure")
                    && seenJson.text().contains("first failure"))).as(seen.text() + seenJson.text()).isTrue();

            Files.writeString(gate, "go\n");
            assertThat(TestSupport.await(30, () -> hasEvent(database, "second failure"))).isTrue();
            long committed = System.nanoTime();
            assertThat(TestSupport.await(1, () -> seen.text().contains("second failure")))
                    .as("saw within 1 s of the commit: %s", seen.text()).isTrue();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - committed)).isLessThan(1000);
            // The second follower polls on its own clock; the 1 s bound is the first one's (under a
            // loaded CI machine two JVMs polling at once can miss it together).
            assertThat(TestSupport.await(30, () -> seenJson.text().contains("second failure")))
                    .as("ndjson follower: %s", seenJson.text()).isTrue();
            assertThat(recorder.waitFor(30, TimeUnit.SECONDS)).isTrue();

            // Printed once each, in order, with the table's header once and the columns lined up.
            List<String> rows = seen.text().lines().toList();
            assertThat(rows).hasSize(3);
            assertThat(rows.get(0)).startsWith("TIME ");
            assertThat(rows.get(1)).contains("error").endsWith("first failure");
            assertThat(rows.get(2)).contains("error").endsWith("second failure");
            assertThat(rows.get(2).indexOf("second")).isEqualTo(rows.get(1).indexOf("first"));
            assertThat(seenJson.text().lines().toList()).hasSize(2);
            assertThat(table.isAlive()).as("-f runs until Ctrl-C, also after the session ended").isTrue();

            for (Process p : List.of(table, ndjson)) {
                assertThat(new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor()).isZero();
                assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
                assertThat(p.exitValue()).isEqualTo(130);
            }
        } finally {
            recorder.destroyForcibly();
            for (Process p : new Process[] {table, ndjson}) {
                if (p != null) {
                    p.destroyForcibly();
                }
            }
        }
    }

    @Test
    void badOptionsAreOneLineAndExit2() throws Exception {
        knownRecording();
        assertUsage(events("-f", "--until", "today"), "-f follows new events, so --until does not apply");
        assertUsage(events("-f", "-o", "json"),
                "-f prints events as they come: use -o ndjson (one object a line) or the table");
        assertUsage(events("-n", "0"), "-n must be at least 1, got 0");
        assertUsage(events("--since", "2026-12-02T00:00:00Z", "--until", "2026-12-01T00:00:00Z"),
                "--until must not be before --since (2026-12-02T00:00:00Z), got 2026-12-01T00:00:00Z");
        assertUsage(events("-n", "5", "--all"), "-n and --all exclude each other");
        assertUsage(events("--risk", "extreme"),
                "invalid value for option '--risk': risk must be one of low, medium, high, got 'extreme'");
        assertUsage(events("--since", "5y"), "invalid value for option '--since': '5y' is not a time; use RFC 3339"
                + " (2026-12-03T10:00:00Z), a date (2026-12-03), now, today, yesterday, or a span before now"
                + " (30s, 30m, 2h, 7d)");

        TestSupport.Result unknown = events("--session", "nope");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.stderr()).isEqualTo("tapedeck: no session 'nope' in " + db() + "\n");
        TestSupport.Result ambiguous = events("--session", "2026120");
        assertThat(ambiguous.exitCode()).isEqualTo(1);
        assertThat(ambiguous.stderr()).startsWith("tapedeck: session '2026120' is ambiguous; 2 sessions match");
    }

    private static void assertUsage(TestSupport.Result result, String message) {
        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(2);
        assertThat(result.stderr()).isEqualTo("tapedeck: " + message + "\nSee 'tapedeck events --help'.\n");
        assertThat(result.out()).isEmpty();
    }

    private static boolean hasEvent(Database database, String value) {
        return database.extractions().list(ExtractionFilter.ALL, PageRequest.first(100)).items().stream()
                .anyMatch(x -> value.equals(x.matchedValue()));
    }



}
