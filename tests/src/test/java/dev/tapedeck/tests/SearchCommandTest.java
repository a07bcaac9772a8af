package dev.tapedeck.tests;

import static dev.tapedeck.tests.TestSupport.tapedeck;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.tapedeck.store.Database;
import dev.tapedeck.store.Extraction;
import dev.tapedeck.store.NewSession;
import dev.tapedeck.store.OutputLine;
import dev.tapedeck.store.SessionEnd;
import dev.tapedeck.store.SessionStatus;
import dev.tapedeck.store.Stream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tapedeck search} through the built CLI against sessions recorded by {@code tapedeck run}
 * with no daemon running (so search fills the index itself) and one hostile session written with
 * the store's API (recorded text keeps no escapes; this one holds them): the exact table off a
 * terminal, json and ndjson, every filter, colour on a terminal and never with NO_COLOR, escapes
 * that cannot reach the terminal while the match after them is still marked, no hits, a bad query
 * and an index that could not be brought up to date.
 */
class SearchCommandTest {
    private static final String BUILD = "build-1";
    private static final String OTHER = "20261203-100000-abcdef";
    private static final String EVIL = "20261101-100000-0bad00";
    private static final Instant EVIL_AT = Instant.parse("2026-11-01T10:00:00Z");
    private static final String HOSTILE = "\u001b]0;pwned\u0007\u001b[2J\u001b[31mred\u001b[0m then mismatched\u202e\tend";
    private static final Map<String, String> UTC = Map.of("TZ", "UTC");
    /** An RFC 3339 time to the second, as the table prints it off a terminal. */
    private static final String TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ";

    @TempDir
    static Path dir;
    static Path db;

    @BeforeAll
    static void record() throws Exception {
        db = dir.resolve("t.db");
        run("demo", BUILD, "echo 'Compiling tapedeck v0.1'; echo 'error[E0308]: mismatched types';"
                + " echo '  --> src/main.rs:4:5'; echo 'warning: unused variable: mismatched'; exit 1", 1);
        run("other", OTHER, "echo 'mismatched again' >&2", 0);
        try (Database d = Database.open(db)) {
            d.writes().append(NewSession.of(EVIL, "evil", EVIL_AT).withCommand("evil", "/"));
            d.writes().append(OutputLine.of(EVIL, 1, Stream.STDOUT, EVIL_AT.plusSeconds(1), HOSTILE));
            // A match past the column's width, after escapes: the snippet starts shortly before it.
            d.writes().append(OutputLine.of(EVIL, 2, Stream.STDOUT, EVIL_AT.plusMillis(1500),
                    "\u001b[1m" + "filler ".repeat(20) + "mismatched\u001b[0m tail"));
            d.writes().append(Extraction.of("evil", EVIL, EVIL_AT.plusSeconds(2), "error", "generic_error",
                    "\u001b[2J\u001b]8;;http://x\u0007mismatched\u001b]8;;\u0007 link").withLine(1L, HOSTILE));
            d.writes().append(new SessionEnd(EVIL, SessionStatus.COMPLETED, 0, EVIL_AT.plusSeconds(3), 0, null));
            d.flush();
        }
    }

    private static void run(String agent, String id, String script, int exit) throws Exception {
        TestSupport.Result r = tapedeck(dir, Map.of(), null, "run", "--quiet", "--db", db.toString(), "--agent", agent,
                "--session-id", id, "--", "sh", "-c", script);
        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(exit);
    }

    private static TestSupport.Result search(Map<String, String> env, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("search", "--db", db.toString()));
        all.addAll(Arrays.asList(args));
        return tapedeck(dir, env, null, all.toArray(String[]::new));
    }

    private static List<String> found(String... args) throws Exception {
        TestSupport.Result r = search(UTC, concat(args, "-o", "json"));
        List<String> hits = new ArrayList<>();
        for (var e : JsonParser.parseString(r.out()).getAsJsonArray()) {
            JsonObject hit = e.getAsJsonObject();
            hits.add(hit.get("session_id").getAsString() + ":" + hit.get("line_number").getAsString() + ":"
                    + hit.get("kind").getAsString());
        }
        return hits;
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void printsTheExactTableWithoutColourWhenStdoutIsNotATerminal() throws Exception {
        TestSupport.Result r = search(Map.of("PAGER", "sed s/^/paged:/"), "mismatched", "--agent", "demo");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stderr()).isEmpty();
        assertThat(r.out().replaceAll(TIME, "YYYY-MM-DDTHH:MM:SSZ")).isEqualTo(String.join("\n",
                "SESSION  LINE  TIME                  TYPE            TEXT",
                "build-1     4  YYYY-MM-DDTHH:MM:SSZ  stdout          warning: unused variable: mismatched",
                "build-1     4  YYYY-MM-DDTHH:MM:SSZ  warning         unused variable: mismatched",
                "build-1     2  YYYY-MM-DDTHH:MM:SSZ  stdout          error[E0308]: mismatched types",
                "build-1     2  YYYY-MM-DDTHH:MM:SSZ  compiler_error  mismatched types",
                ""));
        // Two words: only the line holding both, and the event whose value holds both.
        assertThat(found("MISMATCHED", "types")).containsExactly("build-1:2:line", "build-1:2:extraction");
        assertThat(found("mismatch*", "-n", "2")).hasSize(2);
    }

    @Test
    void jsonIsAnArrayOfTheRoutesHitObjectsAndNdjsonOneALine() throws Exception {
        TestSupport.Result r = search(UTC, "mismatched", "types", "-o", "json");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        JsonArray hits = JsonParser.parseString(r.out()).getAsJsonArray();
        assertThat(hits).hasSize(2);
        JsonObject line = hits.get(0).getAsJsonObject();
        assertThat(line.keySet()).containsExactly("kind", "session_id", "agent_name", "line_number", "stream",
                "timestamp", "text", "snippet", "highlights", "extraction_id", "event_type", "pattern");
        assertThat(line.get("kind").getAsString()).isEqualTo("line");
        assertThat(line.get("session_id").getAsString()).isEqualTo(BUILD);
        assertThat(line.get("agent_name").getAsString()).isEqualTo("demo");
        assertThat(line.get("line_number").getAsLong()).isEqualTo(2);
        assertThat(line.get("stream").getAsString()).isEqualTo("stdout");
        assertThat(line.get("text").getAsString()).isEqualTo("error[E0308]: mismatched types");
        assertThat(line.get("snippet").getAsString()).isEqualTo("error[E0308]: <mark>mismatched</mark> <mark>types</mark>");
        assertThat(line.get("highlights").toString()).isEqualTo("[[14,24],[25,30]]");
        assertThat(line.get("timestamp").getAsString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
        JsonObject event = hits.get(1).getAsJsonObject();
        assertThat(event.get("kind").getAsString()).isEqualTo("extraction");
        assertThat(event.get("event_type").getAsString()).isEqualTo("compiler_error");
        assertThat(event.get("pattern").getAsString()).isEqualTo("rustc");
        assertThat(event.get("text").getAsString()).isEqualTo("mismatched types");

        String[] lines = search(UTC, "mismatched", "types", "-o", "ndjson").out().split("\n");
        assertThat(lines).hasSize(2);
        for (int i = 0; i < lines.length; i++) {
            assertThat(JsonParser.parseString(lines[i])).isEqualTo(hits.get(i));
        }
    }

    @Test
    void filtersByAgentSessionAndTime() throws Exception {
        assertThat(found("mismatched", "--agent", "other")).containsExactly(OTHER + ":1:line");
        assertThat(found("mismatched", "--session", "abcdef")).containsExactly(OTHER + ":1:line");
        assertThat(found("mismatched", "--session", "last:demo")).hasSize(4).allMatch(h -> h.startsWith(BUILD));
        // The hostile session is from 2026-11-01, the recorded ones from now.
        assertThat(found("mismatched", "--until", "2026-11-02")).containsExactly(EVIL + ":1:extraction",
                EVIL + ":2:line", EVIL + ":1:line");
        assertThat(found("mismatched", "--since", "2026-11-01T10:00:01.800Z", "--until", "2026-11-02"))
                .containsExactly(EVIL + ":1:extraction");
        assertThat(found("mismatched", "--since", "1h")).hasSize(5).noneMatch(h -> h.startsWith(EVIL));

        TestSupport.Result unknown = search(UTC, "mismatched", "--session", "nope");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.stderr()).isEqualTo("tapedeck: no session 'nope' in " + db + "\n");
        TestSupport.Result backwards = search(UTC, "mismatched", "--since", "1h", "--until", "2h");
        assertThat(backwards.exitCode()).isEqualTo(2);
        assertThat(backwards.stderr()).startsWith("tapedeck: --until must not be before --since (");
    }

    @Test
    void marksMatchesInColourOnlyOnATerminalAndNeverWithNoColour() throws Exception {
        String base = TestSupport.javaBin() + " -jar " + TestSupport.JAR.toAbsolutePath() + " search --db " + db
                + " --no-pager mismatched";
        TestSupport.Result coloured = TestSupport.run(List.of("script", "-qec", base, "/dev/null"), dir,
                Map.of("TZ", "UTC", "TERM", "xterm"), null);
        assertThat(coloured.out()).contains("\u001b[1mSESSION\u001b[0m")
                .contains("error[E0308]: \u001b[1;31mmismatched\u001b[0m types")
                .contains(" ago ");
        // The hostile line's escapes are gone and the match after them is still marked, word for word.
        assertThat(coloured.out()).contains("red then \u001b[1;31mmismatched\u001b[0m end")
                .contains("\u001b[1;31mmismatched\u001b[0m link")
                .contains("…r filler filler filler filler \u001b[1;31mmismatched\u001b[0m tail")
                .doesNotContain("pwned").doesNotContain("\u001b]").doesNotContain("\u001b[2J")
                .doesNotContain("\u001b[31m").doesNotContain("\u202e");

        TestSupport.Result plain = TestSupport.run(List.of("script", "-qec", base, "/dev/null"), dir,
                Map.of("TZ", "UTC", "TERM", "xterm", "NO_COLOR", "1"), null);
        assertThat(plain.out()).doesNotContain("\u001b").contains("red then mismatched end");
    }

    @Test
    void hostileTextOffATerminalIsCleanedToPlainText() throws Exception {
        TestSupport.Result r = search(UTC, "mismatched", "--agent", "evil");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.out()).isEqualTo(String.join("\n",
                "SESSION  LINE  TIME                  TYPE    TEXT",
                "0bad00      1  2026-11-01T10:00:02Z  error   mismatched link",
                "0bad00      2  2026-11-01T10:00:01Z  stdout  …r filler filler filler filler mismatched tail",
                "0bad00      1  2026-11-01T10:00:01Z  stdout  red then mismatched end",
                ""));
        // JSON keeps the text as recorded, as the route does: escaped by JSON, never raw.
        TestSupport.Result json = search(UTC, "mismatched", "--agent", "evil", "-o", "json");
        assertThat(json.out()).doesNotContain("\u001b").contains("\\u001b]0;pwned");
    }

    @Test
    void noHitsIsExitOneWithNothingOnStdout() throws Exception {
        TestSupport.Result table = search(UTC, "zebra");
        assertThat(table.exitCode()).isEqualTo(1);
        assertThat(table.out()).isEmpty();
        assertThat(table.stderr()).isEqualTo("tapedeck: no hits for 'zebra'\n");
        assertThat(search(UTC, "zebra", "-o", "json").out()).isEqualTo("[]\n");
        assertThat(search(UTC, "zebra", "-o", "ndjson").out()).isEmpty();
    }

    @Test
    void aQueryWithoutAWordIsAOneLineUsageError() throws Exception {
        TestSupport.Result r = search(UTC, "!!");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).isEqualTo("tapedeck: QUERY must hold at least one word (letters or digits), got '!!'\n"
                + "See 'tapedeck search --help'.\n");
        TestSupport.Result none = tapedeck(dir, UTC, null, "search", "--db", db.toString());
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.stderr()).isEqualTo("tapedeck: missing required parameter: 'QUERY'\nSee 'tapedeck search --help'.\n");
        assertThat(search(UTC, "x", "-n", "0").stderr()).startsWith("tapedeck: -n must be in [1, 1000], got 0\n");
        assertThat(search(UTC, "x", "-n", "1001").exitCode()).isEqualTo(2);
    }

    @Test
    void saysOnStderrWhenTheSearchStoppedAtItsBound() throws Exception {
        Path big = dir.resolve("big.db");
        try (Database d = Database.open(big)) {
            d.writes().append(NewSession.of("s-1", "a", EVIL_AT));
            // The one line holding both words is the oldest; 400,000 lines after it hold one each.
            d.writes().append(OutputLine.of("s-1", 1, Stream.STDOUT, EVIL_AT, "alpha beta"));
            for (int n = 2; n <= 400_001; n++) {
                assertThat(d.writes().append(OutputLine.of("s-1", n, Stream.STDOUT, EVIL_AT.plusMillis(n),
                        n % 2 == 0 ? "alpha " + n : "beta " + n), java.time.Duration.ofMinutes(1))).isTrue();
            }
            d.writes().append(new SessionEnd("s-1", SessionStatus.COMPLETED, 0, EVIL_AT.plusSeconds(500), 0, null));
            d.flush();
            try (dev.tapedeck.store.SearchIndexer indexer = d.openSearchIndexer()) {
                while (indexer.indexSome(1000, 1000) > 0) {
                    // until everything is indexed
                }
            }
        }
        TestSupport.Result r = tapedeck(dir, UTC, null, "search", "--db", big.toString(), "alpha", "beta");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).isEqualTo("tapedeck: the search stopped at its bound on output read (many chunks hold"
                + " every word, few lines do); older matches may exist: narrow it with --agent, --session, --since"
                + " or --until\ntapedeck: no hits for 'alpha beta'\n");
        TestSupport.Result narrowed = tapedeck(dir, UTC, null, "search", "--db", big.toString(), "alpha", "beta",
                "--until", "2026-11-01T10:00:00.100Z", "-o", "ndjson");
        assertThat(narrowed.exitCode()).as(narrowed.stderr()).isZero();
        assertThat(narrowed.out()).contains("\"text\":\"alpha beta\"");
    }

    @Test
    void saysOnStderrWhatTheIndexCouldNotReach() throws Exception {
        Path locked = dir.resolve("locked.db");
        try (Database d = Database.open(locked)) {
            d.writes().append(NewSession.of("s-1", "a", EVIL_AT));
            d.writes().append(OutputLine.of("s-1", 1, Stream.STDOUT, EVIL_AT, "unindexed words"));
            d.writes().append(new SessionEnd("s-1", SessionStatus.COMPLETED, 0, EVIL_AT.plusSeconds(1), 0, null));
            d.flush();
        }
        // Another writer holds the lock for the whole search: the index cannot be brought up to date.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + locked); Statement st = c.createStatement()) {
            st.execute("BEGIN IMMEDIATE");
            TestSupport.Result r = tapedeck(dir, UTC, null, "search", "--db", locked.toString(), "unindexed");
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.stderr()).contains("tapedeck: could not bring the search index up to date: ")
                    .contains("tapedeck: the search index is behind: 1 chunk of recorded output and 0 events were not searched")
                    .endsWith("tapedeck: no hits for 'unindexed'\n");
            st.execute("ROLLBACK");
        }
        TestSupport.Result r = tapedeck(dir, UTC, null, "search", "--db", locked.toString(), "unindexed");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stderr()).isEmpty();
    }
}
