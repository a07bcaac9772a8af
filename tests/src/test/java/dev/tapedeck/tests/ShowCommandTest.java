package dev.tapedeck.tests;

import static dev.tapedeck.tests.TestSupport.tapedeck;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.tapedeck.store.CodeBlock;
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
 * {@code tapedeck show} through the built CLI against a recording written with the store's API:
 * the exact text (stdout a file: no colour, no pager), the json object, --type, --risk, --all and
 * the bound on the rest, --lines, an unknown session, and hostile text shown safely.
 */
class ShowCommandTest {
    private static final String ID = "20261201-100000-aaaaaa";
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final String HOSTILE = "\u001b]0;pwned\u0007\u001b[2Jgone\u001b[31m red\u202e\tend";

    @TempDir
    Path dir;
    Path db;

    @BeforeEach
    void record() {
        db = dir.resolve("t.db");
        try (Database d = Database.open(db)) {
            d.writes().append(NewSession.of(ID, "claude", T0).withCommand("claude -p 'fix the build'", "/work")
                    .withProcess("h1", 42L, null, null));
            for (int i = 1; i <= 5; i++) {
                String text = i == 3 ? "line " + HOSTILE : "line " + i;
                d.writes().append(OutputLine.of(ID, i, Stream.STDOUT, T0.plusMillis(i), text));
            }
            d.writes().append(event("model", "claude_stream_json", "claude-sonnet-4", 0, 1));
            d.writes().append(usage("{\"input_tokens\":100,\"output_tokens\":50,\"scope\":\"message\"}"));
            d.writes().append(usage("{\"input_tokens\":1000,\"output_tokens\":500,\"total_cost_usd\":0.42,"
                    + "\"scope\":\"session\"}"));
            // 25 ordinary events, then an error and a high-risk command after them in time.
            for (int i = 0; i < 25; i++) {
                d.writes().append(event("file_read", "claude_stream_json", "src/F" + i + ".java", 1000 + i, 2));
            }
            d.writes().append(event("error", "claude_stream_json", HOSTILE, 65_000, 3));
            d.writes().append(event("shell_command", "claude_stream_json", "rm -rf build", 3_500, 4)
                    .withRisk(RiskLevel.HIGH, false));
            d.writes().append(new CodeBlock("claude", ID, T0.plusSeconds(2), "python", "\nimport os\nprint(os.getcwd())",
                    4, 6, null, true, true));
            d.writes().append(new SessionEnd(ID, SessionStatus.FAILED, 1, T0.plusSeconds(70), 0, null));
            d.flush();
        }
    }

    private static Extraction event(String type, String pattern, String value, long millis, long line) {
        return Extraction.of("claude", ID, T0.plusMillis(millis), type, pattern, value).withLine(line, value);
    }

    private static Extraction usage(String metadata) {
        return Extraction.of("claude", ID, T0.plusMillis(500), "token_usage", "claude_stream_json", "usage")
                .withMetadata(metadata, null);
    }

    private TestSupport.Result show(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("show", "--db", db.toString()));
        all.addAll(Arrays.asList(args));
        return tapedeck(dir, Map.of("TZ", "UTC"), null, all.toArray(String[]::new));
    }

    @Test
    void printsTheFactsTheImportantEventsAndTwentyOthersAndTheCodeBlocks() throws Exception {
        TestSupport.Result r = show("aaaaaa");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stderr()).isEmpty();
        List<String> want = new ArrayList<>(List.of(
                "SESSION    " + ID,
                "command    claude -p 'fix the build'",
                "directory  /work",
                "host       h1",
                "terminal   -",
                "agent      claude",
                "status     failed",
                "exit code  1",
                "started    2026-12-01T10:00:00Z",
                "duration   1m10s",
                "lines      5",
                "events     30",
                "errors     1",
                "high-risk  1",
                "model      claude-sonnet-4",
                "tokens     1000 in, 500 out",
                "cost       $0.42",
                "",
                "OFFSET  LINE  TYPE           RISK  VALUE",
                " +0.0s     1  model          -     claude-sonnet-4",
                " +0.5s     -  token_usage    -     usage",
                " +0.5s     -  token_usage    -     usage"));
        for (int i = 0; i < 17; i++) {
            want.add(" +" + String.format(java.util.Locale.ROOT, "%.1f", (1000 + i) / 1000.0) + "s     2  file_read"
                    + "      -     src/F" + i + ".java");
        }
        want.addAll(List.of(
                " +3.5s     4  shell_command  high  rm -rf build",
                "+1m05s     3  error          -     gone red end",
                "(8 more events left out; --all shows them)",
                "",
                "LANGUAGE  LINES  FIRST LINE",
                "python      4-6  import os",
                ""));
        assertThat(r.out()).isEqualTo(String.join("\n", want));
        assertThat(r.out()).doesNotContain("\u001b", "\u202e");
    }

    @Test
    void allTypeAndRiskChooseTheEvents() throws Exception {
        TestSupport.Result all = show(ID, "--all");
        assertThat(all.out()).doesNotContain("left out").contains("src/F24.java");
        assertThat(all.out().lines().filter(l -> l.contains("file_read")).count()).isEqualTo(25);

        TestSupport.Result type = show(ID, "--type", "error");
        assertThat(eventLines(type.out())).containsExactly("+1m05s     3  error  -     gone red end");

        TestSupport.Result risk = show(ID, "--risk", "high");
        assertThat(eventLines(risk.out())).containsExactly(" +3.5s     4  shell_command  high  rm -rf build");
        // The facts stay the session's whatever events are chosen.
        assertThat(risk.out()).contains("\nmodel      claude-sonnet-4\n");
        assertThat(type.out()).contains("\nmodel      claude-sonnet-4\n");

        TestSupport.Result bad = show(ID, "--risk", "extreme");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.stderr().lines().count()).isEqualTo(2);
    }

    /** The lines between the events' header and the blank line after them. */
    private static List<String> eventLines(String out) {
        List<String> lines = out.lines().toList();
        int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("OFFSET")).findFirst().orElseThrow());
        return lines.subList(header + 1, lines.subList(header, lines.size()).indexOf("") + header);
    }

    @Test
    void jsonIsOneObjectOfFactsEventsAndCodeBlocks() throws Exception {
        TestSupport.Result r = show("last", "-o", "json");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
        assertThat(o.keySet()).containsExactly("facts", "model", "events", "events_left_out", "code_blocks");
        JsonObject facts = o.getAsJsonObject("facts");
        assertThat(facts.get("session_id").getAsString()).isEqualTo(ID);
        assertThat(facts.get("input_tokens").getAsLong()).isEqualTo(1000);
        assertThat(facts.get("output_tokens").getAsLong()).isEqualTo(500);
        assertThat(facts.get("cost_usd").getAsDouble()).isEqualTo(0.42);
        assertThat(facts.get("errors").getAsLong()).isEqualTo(1);
        assertThat(o.get("model").getAsString()).isEqualTo("claude-sonnet-4");
        JsonArray events = o.getAsJsonArray("events");
        assertThat(events).hasSize(22);
        assertThat(o.get("events_left_out").getAsLong()).isEqualTo(8);
        JsonObject error = events.get(21).getAsJsonObject();
        assertThat(error.get("event_type").getAsString()).isEqualTo("error");
        // JSON keeps the recorded text exactly; only the table cleans it.
        assertThat(error.get("matched_value").getAsString()).isEqualTo(HOSTILE);
        JsonArray blocks = o.getAsJsonArray("code_blocks");
        assertThat(blocks).hasSize(1);
        assertThat(blocks.get(0).getAsJsonObject().get("language").getAsString()).isEqualTo("python");
        assertThat(blocks.get(0).getAsJsonObject().get("line_start").getAsLong()).isEqualTo(4);
    }

    @Test
    void linesPrintsTheCleanOutputWithLineNumbers() throws Exception {
        TestSupport.Result r = show(ID, "--lines", "2:4");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.out()).isEqualTo("2  line 2\n3  line gone red end\n4  line 4\n");
        TestSupport.Result every = show(ID, "--lines");
        assertThat(every.out().lines().count()).isEqualTo(5);
        TestSupport.Result bad = show(ID, "--lines", "4:2");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.stderr()).startsWith("tapedeck: --lines takes FROM:TO");
        // --lines takes an optional value, so a session after it came as that value: still the session.
        TestSupport.Result before = show("--lines", ID);
        assertThat(before.exitCode()).as(before.stderr()).isZero();
        assertThat(before.out()).isEqualTo(every.out());
        TestSupport.Result none = show("--lines");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.stderr()).isEqualTo("tapedeck: missing required parameter: 'SESSION'\nSee 'tapedeck show --help'.\n");
    }

    @Test
    void costIsUnknownForASessionThatReportedNoUsageEvenWithRatedEvents() throws Exception {
        // The cost was read as $0.00 (not unknown) whenever a session had an event with a risk level.
        try (Database d = Database.open(db)) {
            Instant t = T0.plusSeconds(3600);
            d.writes().append(NewSession.of("plain.run", "sh", t).withCommand("make", "/work"));
            d.writes().append(Extraction.of("sh", "plain.run", t, "shell_command", "shell_prompt_command", "ls")
                    .withRisk(RiskLevel.LOW, true));
            d.flush();
        }
        TestSupport.Result r = show("plain.run");
        assertThat(r.out()).contains("\ncost       -\n", "\ntokens     -\n");
        JsonObject facts = JsonParser.parseString(show("plain.run", "-o", "json").out()).getAsJsonObject()
                .getAsJsonObject("facts");
        assertThat(facts.get("cost_usd").isJsonNull()).isTrue();
    }

    @Test
    void anUnknownSessionIsOneLineAndExit1() throws Exception {
        TestSupport.Result r = show("nosuch");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.stderr()).isEqualTo("tapedeck: no session 'nosuch' in " + db + "\n");
    }
}
