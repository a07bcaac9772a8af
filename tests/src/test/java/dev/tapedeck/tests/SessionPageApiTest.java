package dev.tapedeck.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.tapedeck.store.Database;
import dev.tapedeck.store.Extraction;
import dev.tapedeck.store.RiskLevel;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The routes the session page reads over a real daemon: {@code /api/query/session/{id}/facts} and
 * {@code /api/query/session/{id}/markers} (the events that mark the player's seek bar, on the
 * asciicast export's clock), by full and short id, with their 404 and 400.
 */
class SessionPageApiTest {
    private static final String ID = "20261202-130000-fedcba";
    private static final Instant START = Instant.parse("2026-12-02T13:00:00Z");
    private static final String ENDED = "20261202-140000-aaaaaa";

    @TempDir
    static Path dir;
    static Served served;

    @BeforeAll
    static void recordAndServe() throws Exception {
        Path db = dir.resolve("t.db");
        try (Database d = Database.open(db)) {
            LsCommandTest.session(d, ID, "claude", "h2", START, "claude -p fix", 3);
            d.writes().append(Extraction.of("claude", ID, START.plusMillis(1_500), "model", "claude_model", "claude-opus-4"));
            d.writes().append(Extraction.of("claude", ID, START.plusMillis(2_250), "error", "generic_error", "boom")
                    .withLine(2, "error: boom"));
            d.writes().append(Extraction.of("claude", ID, START.plusMillis(3_000), "shell_command", "bash", "rm -rf /")
                    .withRisk(RiskLevel.HIGH, false));
            d.writes().append(Extraction.of("claude", ID, START.plusMillis(3_500), "shell_command", "bash", "ls")
                    .withRisk(RiskLevel.LOW, true));
            d.writes().append(Extraction.of("claude", ID, START.plusNanos(4_000_001_000L), "test_result", "pytest",
                    "3 passed"));
            d.writes().append(Extraction.of("claude", ID, START.plusMillis(5_000), "tool_call", "claude_tool", "Bash"));
            d.writes().append(Extraction.of("claude", ID, START.plusMillis(6_000), "token_usage", "gemini_stream_json",
                    "10 in / 5 out").withMetadata("{\"input_tokens\":10,\"output_tokens\":5,\"total_tokens\":15}", null));
            LsCommandTest.session(d, ENDED, "claude", "h2", START.plusSeconds(3600), "echo", 2);
            d.writes().append(new dev.tapedeck.store.SessionEnd(ENDED, dev.tapedeck.store.SessionStatus.COMPLETED, 0,
                    START.plusSeconds(3601), 0, null));
            d.flush();
        }
        served = Served.start(dir, db);
    }

    @AfterAll
    static void stop() throws Exception {
        assertThat(served.stop()).isZero();
    }

    @Test
    void factsGiveTheListingRowWithModelAndTerminal() throws Exception {
        Served.Answer answer = served.get("/api/query/session/fedcba/facts");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonObject facts = answer.json().getAsJsonObject("facts");
        assertThat(facts.get("session_id").getAsString()).isEqualTo(ID);
        assertThat(facts.get("short_id").getAsString()).isEqualTo("fedcba");
        assertThat(facts.get("errors").getAsLong()).isEqualTo(1);
        assertThat(facts.get("high_risk_commands").getAsLong()).isEqualTo(1);
        assertThat(facts.get("input_tokens").getAsLong()).isEqualTo(10);
        assertThat(facts.get("output_tokens").getAsLong()).isEqualTo(5);
        assertThat(answer.json().get("model").getAsString()).isEqualTo("claude-opus-4");
        // Recorded without a terminal (a pipe): no size, as the export then says 120x40 by default.
        JsonObject terminal = answer.json().getAsJsonObject("terminal");
        assertThat(terminal.get("columns").isJsonNull()).isTrue();
        assertThat(terminal.get("rows").isJsonNull()).isTrue();
    }

    @Test
    void markersAreErrorsHighRiskTestsAndToolCallsInSecondsSinceTheStart() throws Exception {
        Served.Answer answer = served.get("/api/query/session/" + ID + "/markers");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonArray markers = answer.json().getAsJsonArray("markers");
        assertThat(markers).hasSize(4);
        assertThat(markers.asList()).extracting(m -> m.getAsJsonObject().get("kind").getAsString())
                .containsExactly("error", "high_risk", "test", "tool");
        assertThat(markers.asList()).extracting(m -> m.getAsJsonObject().get("label").getAsString())
                .containsExactly("error: boom", "shell_command: rm -rf /", "test_result: 3 passed", "tool_call: Bash");
        assertThat(markers.asList()).extracting(m -> m.getAsJsonObject().get("time").getAsDouble())
                .containsExactly(2.25, 3.0, 4.000001, 5.0);
        assertThat(markers.get(0).getAsJsonObject().get("line_number").getAsLong()).isEqualTo(2);
        assertThat(answer.json().get("next_cursor").isJsonNull()).isTrue();
    }

    @Test
    void markersArePagedByTheEventsCursor() throws Exception {
        JsonObject first = served.get("/api/query/session/" + ID + "/markers?limit=3").json();
        // Events 1 to 3 of 7: the model (no marker), the error and the high-risk command.
        assertThat(first.getAsJsonArray("markers")).hasSize(2);
        String cursor = first.get("next_cursor").getAsString();
        JsonObject rest = served.get("/api/query/session/" + ID + "/markers?limit=1000&cursor=" + cursor).json();
        assertThat(rest.getAsJsonArray("markers").asList()).extracting(m -> m.getAsJsonObject().get("kind").getAsString())
                .containsExactly("test", "tool");
    }

    @Test
    void castStreamGivesTheSizeTheLinesAndDoneAsThePlayersEventSourceReadsThem() throws Exception {
        try (Served.Sse sse = served.stream("/api/stream/session/" + ENDED + "/asciicast", null)) {
            assertThat(sse.response.headers().firstValue("content-type").orElseThrow()).startsWith("text/event-stream");
            List<Served.Frame> frames = sse.until("done");
            assertThat(frames).extracting(Served.Frame::event).containsExactly("message", "message", "message", "done");
            JsonObject size = frames.get(0).json();
            assertThat(size.get("cols").getAsInt()).isEqualTo(120);
            assertThat(size.get("rows").getAsInt()).isEqualTo(40);
            assertThat(size.get("time").getAsDouble()).isGreaterThan(3600);
            assertThat(frames.get(1).data()).isEqualTo("[0.001,\"o\",\"line 1\\r\\n\"]");
            assertThat(frames.get(2).data()).isEqualTo("[0.002,\"o\",\"line 2\\r\\n\"]");
            assertThat(frames.get(3).data()).isEqualTo("{}");
            assertThat(sse.next()).isNull();
        }
        assertThat(served.get("/api/stream/session/nope/asciicast").status()).isEqualTo(404);
    }

    @Test
    void unknownSessionIsA404AndABadLimitA400() throws Exception {
        Served.Answer missing = served.get("/api/query/session/nope/markers");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("detail").getAsString()).contains("nope");
        assertThat(served.get("/api/query/session/nope/facts").status()).isEqualTo(404);
        Served.Answer bad = served.get("/api/query/session/" + ID + "/markers?limit=0");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("detail").getAsString()).contains("limit");
        assertThat(served.get("/api/query/session/" + ID + "/markers?colour=red").status()).isEqualTo(400);
    }
}
