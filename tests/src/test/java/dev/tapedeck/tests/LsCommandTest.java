package dev.tapedeck.tests;

import static dev.tapedeck.tests.TestSupport.tapedeck;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.tapedeck.store.Database;
import dev.tapedeck.store.Extraction;
import dev.tapedeck.store.NewSession;
import dev.tapedeck.store.OutputLine;
import dev.tapedeck.store.RiskLevel;
import dev.tapedeck.store.SessionEnd;
import dev.tapedeck.store.SessionStatus;
import dev.tapedeck.store.Stream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tapedeck ls} through the built CLI against a database written with the store's API: the
 * exact table (stdout a file: no colour, no pager), json and ndjson, every filter, -n and --all, a
 * hostile command line, and colour and the pager on a terminal (util-linux script).
 */
class LsCommandTest {
    static final String HOSTILE = "printf '\u001b]0;pwned\u0007\u001b[2Jgone\u001b[31m red\u202e\tend'";
    private static final Map<String, String> UTC = Map.of("TZ", "UTC");

    @TempDir
    Path dir;
    Path db;

    @BeforeEach
    void record() {
        db = dir.resolve("t.db");
        try (Database d = Database.open(db)) {
            Instant a = Instant.parse("2026-12-01T10:00:00Z");
            session(d, "20261201-100000-aaaaaa", "claude", "h1", a, "claude -p 'fix the build'", 3);
            d.writes().append(usage("claude", "20261201-100000-aaaaaa", a, "claude_stream_json",
                    "{\"input_tokens\":100,\"output_tokens\":50,\"scope\":\"message\",\"message_id\":\"m1\"}"));
            d.writes().append(usage("claude", "20261201-100000-aaaaaa", a, "claude_stream_json",
                    "{\"input_tokens\":1000,\"output_tokens\":500,\"total_cost_usd\":0.42,\"scope\":\"session\"}"));
            d.writes().append(Extraction.of("claude", "20261201-100000-aaaaaa", a, "error", "claude_stream_json", "boom"));
            d.writes().append(Extraction.of("claude", "20261201-100000-aaaaaa", a, "shell_command", "claude_stream_json",
                    "rm -rf build").withRisk(RiskLevel.HIGH, false));
            d.writes().append(end("20261201-100000-aaaaaa", SessionStatus.COMPLETED, 0, a.plusSeconds(65)));

            Instant b = Instant.parse("2026-12-02T09:00:00Z");
            session(d, "20261202-090000-bbbbbb", "demo", "h2", b, HOSTILE, 2);
            d.writes().append(Extraction.of("demo", "20261202-090000-bbbbbb", b, "exception", "python_traceback", "x"));
            d.writes().append(Extraction.of("demo", "20261202-090000-bbbbbb", b, "test_failure", "pytest", "t"));
            d.writes().append(end("20261202-090000-bbbbbb", SessionStatus.FAILED, 3, b.plusMillis(2500)));

            Instant c = Instant.parse("2026-12-02T12:00:00Z");
            session(d, "20261202-120000-cccccc", "codex", "h1", c, "codex exec 'add tests'", 12_345);
            d.writes().append(usage("codex", "20261202-120000-cccccc", c, "codex_json",
                    "{\"input_tokens\":20000,\"output_tokens\":3000}"));

            Instant x = Instant.parse("2026-11-30T08:00:00Z");
            session(d, "custom.id", "demo", "h1", x, "make", 1);
            d.writes().append(end("custom.id", SessionStatus.KILLED, 137, x.plusSeconds(7_384)));

            Instant y = Instant.parse("2026-11-30T07:00:00Z");
            session(d, "20261130-070000-aaaaaa", "demo", "h1", y, "true", 0);
            d.writes().append(end("20261130-070000-aaaaaa", SessionStatus.COMPLETED, 0, y.plusMillis(40)));
            d.flush();
        }
    }

    static void session(Database d, String id, String agent, String host, Instant start, String command, int lines) {
        d.writes().append(NewSession.of(id, agent, start).withCommand(command, "/work").withProcess(host, 42L, null, null));
        for (int i = 1; i <= lines; i++) {
            d.writes().append(OutputLine.of(id, i, Stream.STDOUT, start.plusMillis(i), "line " + i));
        }
    }

    private static SessionEnd end(String id, SessionStatus status, int exit, Instant at) {
        return new SessionEnd(id, status, exit, at, 0, null);
    }

    private static Extraction usage(String agent, String id, Instant at, String pattern, String metadata) {
        return Extraction.of(agent, id, at, "token_usage", pattern, "usage").withMetadata(metadata, null);
    }

    private TestSupport.Result ls(Map<String, String> env, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("ls", "--db", db.toString()));
        all.addAll(Arrays.asList(args));
        return tapedeck(dir, env, null, all.toArray(String[]::new));
    }

    private List<String> ids(String... args) throws Exception {
        TestSupport.Result r = ls(UTC, concat(args, "-o", "json"));
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        List<String> ids = new ArrayList<>();
        for (JsonElement e : JsonParser.parseString(r.out()).getAsJsonArray()) {
            ids.add(e.getAsJsonObject().get("session_id").getAsString());
        }
        return ids;
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void printsTheExactTableWithoutColourOrPagerWhenStdoutIsNotATerminal() throws Exception {
        TestSupport.Result r = ls(Map.of("PAGER", "sed s/^/paged:/"));
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stderr()).isEmpty();
        assertThat(r.out()).isEqualTo(String.join("\n",
                "ID                      AGENT   STATUS     EXIT  STARTED               DURATION  LINES  ERRORS  HIGH-RISK  TOKENS   COST  COMMAND",
                "cccccc                  codex   running       -  2026-12-02T12:00:00Z         -  12345       0          0   23.0k      -  codex exec 'add tests'",
                "bbbbbb                  demo    failed        3  2026-12-02T09:00:00Z      2.5s      2       2          0       -      -  printf 'gone red end'",
                "20261201-100000-aaaaaa  claude  completed     0  2026-12-01T10:00:00Z     1m05s      3       1          1    1500  $0.42  claude -p 'fix the build'",
                "custom.id               demo    killed      137  2026-11-30T08:00:00Z     2h03m      1       0          0       -      -  make",
                "20261130-070000-aaaaaa  demo    completed     0  2026-11-30T07:00:00Z      0.0s      0       0          0       -      -  true",
                ""));
    }

    @Test
    void jsonIsOneArrayOfTheApiSessionObjectsAndNdjsonOneALine() throws Exception {
        TestSupport.Result r = ls(UTC, "-o", "json");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        JsonArray array = JsonParser.parseString(r.out()).getAsJsonArray();
        assertThat(array).hasSize(5);
        JsonObject claude = array.get(2).getAsJsonObject();
        assertThat(claude.get("session_id").getAsString()).isEqualTo("20261201-100000-aaaaaa");
        assertThat(claude.get("short_id").getAsString()).isEqualTo("20261201-100000-aaaaaa");
        assertThat(claude.get("started_at").getAsString()).isEqualTo("2026-12-01T10:00:00.000000Z");
        assertThat(claude.get("duration_seconds").getAsDouble()).isEqualTo(65.0);
        assertThat(claude.get("errors").getAsLong()).isEqualTo(1);
        assertThat(claude.get("high_risk_commands").getAsLong()).isEqualTo(1);
        // The session's result only: the per-message usage (100 in / 50 out) is not counted again.
        assertThat(claude.get("input_tokens").getAsLong()).isEqualTo(1000);
        assertThat(claude.get("output_tokens").getAsLong()).isEqualTo(500);
        assertThat(claude.get("cost_usd").getAsDouble()).isEqualTo(0.42);
        JsonObject hostile = array.get(1).getAsJsonObject();
        assertThat(hostile.get("short_id").getAsString()).isEqualTo("bbbbbb");
        assertThat(hostile.get("command_line").getAsString()).isEqualTo(HOSTILE);
        assertThat(hostile.get("input_tokens").isJsonNull()).isTrue();
        assertThat(r.out()).doesNotContain("\u001b");

        TestSupport.Result nd = ls(UTC, "-o", "ndjson");
        String[] lines = nd.out().split("\n");
        assertThat(lines).hasSize(5);
        for (int i = 0; i < lines.length; i++) {
            assertThat(JsonParser.parseString(lines[i])).isEqualTo(array.get(i));
        }
        TestSupport.Result none = ls(UTC, "-o", "json", "--agent", "nobody");
        assertThat(none.out()).isEqualTo("[]\n");
    }

    @Test
    void filtersByAgentStatusHostAndTime() throws Exception {
        assertThat(ids("--agent", "demo")).containsExactly("20261202-090000-bbbbbb", "custom.id",
                "20261130-070000-aaaaaa");
        assertThat(ids("--status", "failed")).containsExactly("20261202-090000-bbbbbb");
        assertThat(ids("--host", "h2")).containsExactly("20261202-090000-bbbbbb");
        assertThat(ids("--agent", "demo", "--host", "h1")).containsExactly("custom.id", "20261130-070000-aaaaaa");
        // A date is midnight at its start (TZ=UTC here); --until leaves its moment out.
        assertThat(ids("--since", "2026-12-02")).containsExactly("20261202-120000-cccccc", "20261202-090000-bbbbbb");
        assertThat(ids("--until", "2026-12-01")).containsExactly("custom.id", "20261130-070000-aaaaaa");
        assertThat(ids("--since", "2026-12-01T10:00:00Z", "--until", "2026-12-02T12:00:00Z"))
                .containsExactly("20261202-090000-bbbbbb", "20261201-100000-aaaaaa");
        assertThat(ids("--since", "2026-12-02T10:00:00+01:00")).containsExactly("20261202-120000-cccccc",
                "20261202-090000-bbbbbb");
        assertThat(ids("--since", "2026-11-30T07:30")).hasSize(4);
    }

    @Test
    void aDateIsLocalMidnightInTheZoneOfTheMachine() throws Exception {
        // At UTC+10, 2026-12-02 starts at 2026-12-01T14:00:00Z.
        TestSupport.Result r = ls(Map.of("TZ", "Australia/Brisbane"), "--since", "2026-12-02", "-o", "ndjson");
        assertThat(r.out().lines().count()).isEqualTo(2);
        TestSupport.Result earlier = ls(Map.of("TZ", "Australia/Brisbane"), "--since", "2026-12-01", "-o", "ndjson");
        assertThat(earlier.out().lines().count()).isEqualTo(3);
    }

    @Test
    void badValuesAreOneLineNamingTheValueAndTheFormsWithExit2() throws Exception {
        for (String bad : List.of("", "5y", "-2h", "2H", "30", "tomorrow", "2026-13-01",
                "2026-12-03 10:00")) {
            TestSupport.Result r = ls(UTC, "--since", bad);
            assertThat(r.exitCode()).as(bad).isEqualTo(2);
            assertThat(r.stderr()).as(bad).isEqualTo("tapedeck: invalid value for option '--since': '" + bad
                    + "' is not a time; use RFC 3339 (2026-12-03T10:00:00Z), a date (2026-12-03), now, today,"
                    + " yesterday, or a span before now (30s, 30m, 2h, 7d)\nSee 'tapedeck ls --help'.\n");
        }
        for (String huge : List.of("99999999999999d", "999999999999999999999d", "3000000d")) {
            TestSupport.Result r = ls(UTC, "--until", huge);
            assertThat(r.exitCode()).as(huge).isEqualTo(2);
            assertThat(r.stderr()).as(huge).startsWith("tapedeck: invalid value for option '--until': '" + huge
                    + "' is out of range; times go from 0000-01-01T00:00:00Z to 9999-12-31T23:59:59Z\n");
        }
        TestSupport.Result format = ls(UTC, "-o", "xml");
        assertThat(format.exitCode()).isEqualTo(2);
        assertThat(format.stderr()).startsWith("tapedeck: invalid value for option '--output': 'xml' is not an"
                + " output format; use table, json or ndjson\n");
        assertThat(ls(UTC, "-n", "0").stderr()).startsWith("tapedeck: -n must be at least 1, got 0\n");
        assertThat(ls(UTC, "-n", "2", "--all").exitCode()).isEqualTo(2);
        TestSupport.Result backwards = ls(UTC, "--since", "2026-12-02", "--until", "2026-12-01");
        assertThat(backwards.exitCode()).isEqualTo(2);
        assertThat(backwards.stderr()).isEqualTo("tapedeck: --until must not be before --since (2026-12-02T00:00:00Z),"
                + " got 2026-12-01T00:00:00Z\nSee 'tapedeck ls --help'.\n");
    }

    @Test
    void relativeSpansTodayYesterdayAndNowCountBackFromNow() throws Exception {
        Path other = dir.resolve("now.db");
        Instant now = Instant.now();
        try (Database d = Database.open(other)) {
            session(d, "s-40s", "a", "h", now.minusSeconds(40), "x", 0);
            session(d, "s-50m", "a", "h", now.minusSeconds(50 * 60), "x", 0);
            session(d, "s-5h", "a", "h", now.minusSeconds(5 * 3600), "x", 0);
            session(d, "s-3d", "a", "h", now.minusSeconds(3 * 86_400), "x", 0);
            session(d, "s-50d", "a", "h", now.minusSeconds(50 * 86_400), "x", 0);
            d.flush();
        }
        db = other;
        assertThat(ids("--since", "2m")).containsExactly("s-40s");
        assertThat(ids("--since", "120s")).containsExactly("s-40s");
        assertThat(ids("--since", "2h")).containsExactly("s-40s", "s-50m");
        assertThat(ids("--since", "4d")).containsExactly("s-40s", "s-50m", "s-5h", "s-3d");
        assertThat(ids("--until", "1d")).containsExactly("s-3d", "s-50d");
        assertThat(ids("--since", "0s")).isEmpty();
        assertThat(ids("--until", "now")).hasSize(5);
        assertThat(ids("--since", "100000d")).hasSize(5);
        // today and yesterday are midnights in the local zone (TZ=UTC here).
        java.time.Instant today = java.time.LocalDate.ofInstant(Instant.now(), java.time.ZoneOffset.UTC)
                .atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        long sinceToday = List.of(40L, 3000L, 18_000L).stream().filter(s -> !now.minusSeconds(s).isBefore(today)).count();
        assertThat(ids("--since", "today")).hasSize((int) sinceToday);
        assertThat(ids("--since", "yesterday", "--until", "today"))
                .allMatch(id -> !id.equals("s-3d") && !id.equals("s-50d"));
    }

    @Test
    void showsTwentyByDefaultNWhenAskedAndEverySessionWithAll() throws Exception {
        Path other = dir.resolve("many.db");
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        try (Database d = Database.open(other)) {
            for (int i = 0; i < 1205; i++) {
                d.writes().append(NewSession.of(String.format("s-%04d", i), "a", t.plusSeconds(i)));
            }
            d.flush();
        }
        db = other;
        List<String> twenty = ids();
        assertThat(twenty).hasSize(20);
        assertThat(twenty.get(0)).isEqualTo("s-1204");
        assertThat(ids("-n", "3")).containsExactly("s-1204", "s-1203", "s-1202");
        List<String> all = ids("--all");
        assertThat(all).hasSize(1205).doesNotHaveDuplicates();
        assertThat(all.get(1204)).isEqualTo("s-0000");
        assertThat(ids("-n", "1100")).hasSize(1100);
        assertThat(ls(UTC, "-n", "2").out().lines().count()).isEqualTo(3);
        assertThat(tapedeck(dir, UTC, null, "sessions", "--db", other.toString(), "-n", "1", "-o", "ndjson").out())
                .startsWith("{\"session_id\":\"s-1204\"");
    }

    @Test
    void colourOnlyOnATerminalAndNeverWithNoColourAndThePagerOnlyThere() throws Exception {
        String base = TestSupport.javaBin() + " -jar " + TestSupport.JAR.toAbsolutePath() + " ls --db " + db
                + " --agent demo";
        TestSupport.Result coloured = TestSupport.run(List.of("script", "-qec", base + " --no-pager", "/dev/null"),
                dir, Map.of("TZ", "UTC", "TERM", "xterm"), null);
        assertThat(coloured.out()).contains("\u001b[1mID\u001b[0m").contains("\u001b[31mfailed\u001b[0m");
        // The hostile command line's own escapes never reach the terminal.
        assertThat(coloured.out()).doesNotContain("pwned").doesNotContain("\u001b]").doesNotContain("\u001b[2J");
        assertThat(coloured.out()).contains("ago");

        TestSupport.Result plain = TestSupport.run(List.of("script", "-qec", base + " --no-pager", "/dev/null"),
                dir, Map.of("TZ", "UTC", "TERM", "xterm", "NO_COLOR", "1"), null);
        assertThat(plain.out()).doesNotContain("\u001b").contains("ID").contains("failed");

        TestSupport.Result paged = TestSupport.run(List.of("script", "-qec", base, "/dev/null"),
                dir, Map.of("TZ", "UTC", "TERM", "xterm", "NO_COLOR", "1", "PAGER", "sed s/^/paged:/"), null);
        assertThat(paged.out()).contains("paged:ID");
    }
}
