package dev.tapedeck.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.tapedeck.store.Database;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real daemon on a free port, driven over real HTTP, reading what real recorders wrote. */
class DaemonTest {
    @TempDir
    static Path dir;
    static Path db;
    static Served served;

    @BeforeAll
    static void recordAndServe() throws Exception {
        db = dir.resolve("t.db");
        TestSupport.recordDoneAndTicks(dir, db, "echo hello; echo 'Error: mismatched types' >&2; echo 'rm -rf build'; exit 3");
        served = Served.start(dir, db);
    }

    @AfterAll
    static void stop() throws Exception {
        assertThat(served.stop()).isZero();
    }

    @Test
    void healthNamesVersionDatabaseFileAndSchema() throws Exception {
        JsonObject health = served.get("/api/health").json();
        assertThat(health.get("status").getAsString()).isEqualTo("ok");
        // Without a token only the file name: health is open to anyone who reaches the port.
        assertThat(health.get("database").getAsString()).isEqualTo("t.db");
        assertThat(health.get("schema_version").getAsInt()).isEqualTo(Database.latestSchemaVersion());
        assertThat(health.get("version").getAsString()).isNotBlank();
    }

    @Test
    void queriesAnswerWithCombinedFiltersAndRfc3339Times() throws Exception {
        JsonObject sessions = served.get("/api/query/sessions?agent=demo&status=failed").json();
        assertThat(sessions.getAsJsonArray("sessions")).hasSize(1);
        JsonObject session = sessions.getAsJsonArray("sessions").get(0).getAsJsonObject();
        assertThat(session.get("exit_code").getAsInt()).isEqualTo(3);
        assertThat(session.get("started_at").getAsString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");

        JsonObject errors = served.get("/api/query/extractions?agent=demo&session=done-1&type=error").json();
        assertThat(errors.getAsJsonArray("extractions")).hasSize(1);
        assertThat(errors.get("total").getAsInt()).isEqualTo(1);
        assertThat(served.get("/api/query/extractions?agent=ticker&type=error").json().getAsJsonArray("extractions"))
                .isEmpty();

        JsonObject detail = served.get("/api/query/session/done-1").json();
        assertThat(detail.getAsJsonArray("state_changes")).extracting(e -> e.getAsJsonObject().get("state").getAsString())
                .containsExactly("started", "failed");
        assertThat(detail.getAsJsonObject("extraction_counts").get("error").getAsLong()).isEqualTo(1);

        JsonObject lines = served.get("/api/query/session/ticks/lines?from_line=499&limit=5").json();
        assertThat(lines.getAsJsonArray("lines")).extracting(e -> e.getAsJsonObject().get("text").getAsString())
                .containsExactly("tick 499", "tick 500");
        assertThat(lines.get("next_from_line").isJsonNull()).isTrue();

        JsonObject stats = served.get("/api/query/stats/agent/demo").json();
        assertThat(stats.getAsJsonObject("sessions").get("failed").getAsLong()).isEqualTo(1);
        assertThat(stats.getAsJsonObject("extractions").getAsJsonObject("by_type").get("error").getAsLong())
                .isEqualTo(1);
        JsonObject timeline = served.get("/api/query/timeline?agent=demo&bucket=day&from=2020-01-01T00:00:00Z").json();
        assertThat(timeline.get("total").getAsLong()).isEqualTo(
                stats.getAsJsonObject("extractions").get("total").getAsLong());
    }

    @Test
    void linesLastGivesTheSessionsLastLinesAsTailDoes() throws Exception {
        JsonObject last = served.get("/api/query/session/ticks/lines?last=3").json();
        assertThat(last.getAsJsonArray("lines")).extracting(e -> e.getAsJsonObject().get("text").getAsString())
                .containsExactly("tick 498", "tick 499", "tick 500");
        assertThat(last.get("next_from_line").getAsLong()).isEqualTo(501);
        assertThat(served.get("/api/query/session/ticks/lines?last=1000").json().getAsJsonArray("lines")).hasSize(500);
        Served.Answer combined = served.get("/api/query/session/ticks/lines?last=3&from_line=2");
        assertThat(combined.status()).isEqualTo(400);
        assertThat(combined.body()).isEqualTo("{\"status\":400,\"error\":\"bad request\",\"detail\":\"last cannot be"
                + " combined with from_line, limit or stream\"}");
        assertThat(served.get("/api/query/session/ticks/lines?last=0").body()).contains("last must be in [1, 1000], got 0");
    }

    @Test
    void searchFindsTheLineOnceIndexed() throws Exception {
        assertThat(TestSupport.await(20, () -> hits("mismatched types") > 0)).isTrue();
        JsonObject hit = served.get("/api/query/search?q=mismatched%20types&agent=demo").json()
                .getAsJsonArray("hits").get(0).getAsJsonObject();
        assertThat(hit.get("session_id").getAsString()).isEqualTo("done-1");
        assertThat(hit.get("snippet").getAsString()).contains("<mark>mismatched</mark> <mark>types</mark>");
        assertThat(served.get("/api/query/search?q=mismatched%20types").json().get("cut_short").getAsBoolean())
                .isFalse();
        // since and until take the listings' forms and keep the hits of their own time (recorded just now).
        assertThat(hits("mismatched types&since=1h")).isPositive();
        assertThat(hits("mismatched types&until=1h")).isZero();
        assertThat(hits("mismatched types&since=2020-01-01&until=2020-01-02")).isZero();
        assertError("/api/query/search?q=x&since=tomorrow", 400, "since: 'tomorrow' is not a time; use RFC 3339");
        assertError("/api/query/search?q=x&since=2h&until=3h", 400, "until must not be before since");
    }

    private static int hits(String q) {
        try {
            return served.get("/api/query/search?q=" + q.replace(" ", "%20")).json().get("total").getAsInt();
        } catch (Exception e) {
            return 0;
        }
    }

    @Test
    void badInputIsAJsonErrorNamingTheParameter() throws Exception {
        assertError("/api/query/extractions?limit=0", 400, "limit must be in [1, 1000], got 0");
        assertError("/api/query/extractions?limit=1001", 400, "limit must be in [1, 1000], got 1001");
        assertError("/api/query/extractions?limit=ten", 400, "limit must be a whole number");
        assertError("/api/query/extractions?since=tomorrow", 400, "since: 'tomorrow' is not a time; use RFC 3339");
        assertError("/api/query/extractions?risk=extreme", 400, "risk");
        assertError("/api/query/sessions?agnet=demo", 400, "unknown parameter 'agnet'");
        assertError("/api/query/extractions?cursor=abc", 400, "cursor");
        assertError("/api/query/session/nope", 404, "no session 'nope'");
        assertError("/api/nowhere", 404, "no route");
        assertError("/api/replay/session/ticks?speed=0", 400, "speed must be in (0, 100], got 0");
        assertError("/api/replay/session/ticks?speed=101", 400, "speed must be in (0, 100]");
        Served.Answer wrong = served.post("/api/health", "");
        assertThat(wrong.status()).isEqualTo(405);
        assertThat(wrong.response().headers().firstValue("Allow")).contains("GET");
        assertThat(served.get("/api/query/sessions?agent=nobody").json().getAsJsonArray("sessions").toString())
                .isEqualTo("[]");
    }

    private static void assertError(String path, int status, String detail) throws Exception {
        Served.Answer answer = served.get(path);
        assertThat(answer.status()).as(path).isEqualTo(status);
        JsonObject body = answer.json();
        assertThat(body.get("status").getAsInt()).isEqualTo(status);
        assertThat(body.get("detail").getAsString()).as(path).contains(detail);
    }

    @Test
    void sessionStreamSendsWhatWasRecordedThenEndAndResumesExactly() throws Exception {
        List<Served.Frame> frames;
        try (Served.Sse sse = served.stream("/api/stream/session/done-1", null)) {
            assertThat(sse.response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    v -> assertThat(v).startsWith("text/event-stream"));
            assertThat(sse.response.headers().firstValue("Cache-Control")).contains("no-cache");
            frames = sse.until("end");
        }
        // stdout and stderr are separate pipes: the error line may be read before or after the others.
        List<String> events = frames.stream().map(Served.Frame::event).toList();
        assertThat(events).hasSize(7).startsWith("state").endsWith("state", "end");
        assertThat(events.subList(1, 5)).containsExactlyInAnyOrder("line", "line", "line", "extraction");
        int error = events.indexOf("extraction");
        assertThat(frames.get(error - 1).json().get("text").getAsString()).isEqualTo("Error: mismatched types");
        assertThat(frames.get(frames.size() - 1).json().get("exit_code").getAsInt()).isEqualTo(3);

        try (Served.Sse sse = served.stream("/api/stream/session/done-1", frames.get(3).id())) {
            List<Served.Frame> rest = sse.until("end");
            assertThat(rest).extracting(Served.Frame::data)
                    .containsExactlyElementsOf(frames.subList(4, frames.size()).stream().map(Served.Frame::data).toList());
        }
    }

    @Test
    void liveStreamsFollowARecorderInAnotherProcessUntilItEnds() throws Exception {
        Path go = dir.resolve("go");
        Process recorder = new ProcessBuilder(TestSupport.javaBin(), "-jar", TestSupport.JAR.toAbsolutePath().toString(),
                "run", "--quiet", "--db", db.toString(), "--agent", "live", "--session-id", "live-1", "--", "sh", "-c",
                "echo first; while [ ! -f " + go + " ]; do sleep 0.02; done; echo 'Error: second'")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (Served.Sse events = served.stream("/api/stream/events?agent=live&type=error", null)) {
            assertThat(TestSupport.await(30, () -> served.bodyOf("/api/query/session/live-1/lines").contains("first")))
                    .isTrue();
            try (Served.Sse sse = served.stream("/api/stream/session/live-1?kinds=lines", null)) {
                Served.Frame first = sse.next();
                assertThat(first.json().get("text").getAsString()).isEqualTo("first");
                Files.writeString(go, "");
                List<Served.Frame> rest = sse.until("end");
                assertThat(rest).extracting(Served.Frame::event).containsExactly("line", "end");
                assertThat(rest.get(0).json().get("text").getAsString()).isEqualTo("Error: second");
            }
            Served.Frame error = events.next();
            assertThat(error.event()).isEqualTo("extraction");
            assertThat(error.json().get("matched_value").getAsString()).isEqualTo("second");
        } finally {
            recorder.waitFor();
        }
    }

    @Test
    void replayKeepsTheOriginalTimingAtSpeedTen() throws Exception {
        try (Served.Sse sse = served.stream("/api/replay/session/ticks?speed=10&include=lines", null)) {
            List<Served.Frame> frames = sse.until("replay_end");
            assertThat(frames.get(0).event()).isEqualTo("replay_start");
            assertThat(frames).hasSize(502);
            double seconds = (frames.get(500).receivedNanos() - frames.get(1).receivedNanos()) / 1e9;
            // 499 gaps of 10 ms at speed 10: 0.499 s, within 3%.
            assertThat(seconds).isBetween(0.499 * 0.97, 0.499 * 1.03);
            assertThat(frames.get(501).json().get("events_sent").getAsLong()).isEqualTo(500);
        }
    }

    @Test
    void pausedReplaySendsNothingUntilResumedThenContinuesWithTheNextLine() throws Exception {
        try (Served.Sse sse = served.stream("/api/replay/session/ticks?speed=1&include=lines", null)) {
            String replayId = sse.next().json().get("replay_id").getAsString();
            Served.Frame first = sse.next();
            assertThat(served.post("/api/replay/" + replayId + "/pause", "").json().get("state").getAsString())
                    .isEqualTo("paused");
            Served.Answer seekBad = served.post("/api/replay/" + replayId + "/seek", "{\"line\": \"x\"}");
            assertThat(seekBad.status()).isEqualTo(400);
            // Frames sent before the pause took effect are already on their way; count those.
            int lastBefore = first.json().get("line_number").getAsInt();
            assertThat(served.post("/api/replay/" + replayId + "/speed", "{\"speed\": 50}").status()).isEqualTo(200);
            assertThat(served.post("/api/replay/" + replayId + "/resume", "").status()).isEqualTo(200);
            Served.Frame next = sse.next();
            int number = next.json().get("line_number").getAsInt();
            assertThat(number).isGreaterThan(lastBefore);
            assertThat(served.post("/api/replay/" + replayId + "/stop", "").status()).isEqualTo(200);
            List<Served.Frame> rest = sse.until("replay_end");
            assertThat(rest.get(rest.size() - 1).json().get("reason").getAsString()).isEqualTo("stopped");
            for (int i = 0; i < rest.size() - 1; i++) {
                assertThat(rest.get(i).json().get("line_number").getAsInt()).isEqualTo(number + 1 + i);
            }
        }
        assertThat(served.post("/api/replay/r-unknown/pause", "").status()).isEqualTo(404);
    }

    @Test
    void aClientThatDisconnectsFreesItsReplayAtOnce() throws Exception {
        Served.Sse sse = served.stream("/api/replay/session/ticks?speed=0.001", null);
        sse.next();
        assertThat(served.get("/api/health").json().getAsJsonObject("streams").get("replays").getAsLong())
                .isPositive();
        sse.close();
        assertThat(TestSupport.await(5, () -> streams("replays") == 0)).isTrue();
    }

    private static long streams(String kind) {
        try {
            return served.get("/api/health").json().getAsJsonObject("streams").get(kind).getAsLong();
        } catch (Exception e) {
            return -1;
        }
    }

    @Test
    void asciicastExportPlaysInTheRealAsciinema() throws Exception {
        Served.Answer cast = served.get("/api/replay/export/done-1?format=asciicast");
        assertThat(cast.status()).isEqualTo(200);
        Path file = dir.resolve("done-1.cast");
        Files.writeString(file, cast.body());
        TestSupport.Result play = TestSupport.run(List.of("asciinema", "play", "-s", "100", file.toString()), dir,
                Map.of(), null);
        assertThat(play.exitCode()).as(play.stderr()).isZero();
        assertThat(play.out()).contains("hello\r\n").contains("rm -rf build");

        String csv = served.get("/api/replay/export/done-1?format=csv").body();
        assertThat(csv.split("\r\n")[0]).isEqualTo(
                "\"kind\",\"timestamp\",\"session_id\",\"line_number\",\"stream\",\"event_type\",\"pattern\","
                        + "\"risk_level\",\"text\"");
        String ndjson = served.get("/api/replay/export/done-1?format=ndjson").body();
        assertThat(ndjson.lines()).hasSize(6);
        JsonObject har = served.get("/api/replay/export/done-1?format=har").json();
        assertThat(har.getAsJsonObject("log").get("version").getAsString()).isEqualTo("1.2");
        assertThat(har.getAsJsonObject("log").getAsJsonArray("entries")).hasSize(6);
        assertThat(served.get("/api/replay/export/done-1?format=pdf").status()).isEqualTo(400);
        assertThat(new String(TestSupport.tapedeck(dir, Map.of(), null, "export", "done-1", "--db", db.toString(),
                "--format", "csv").stdout(), StandardCharsets.UTF_8)).isEqualTo(csv);
    }
}
