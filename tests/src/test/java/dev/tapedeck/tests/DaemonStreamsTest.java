package dev.tapedeck.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.tapedeck.store.Database;
import dev.tapedeck.store.Extraction;
import dev.tapedeck.store.NewSession;
import dev.tapedeck.store.OutputLine;
import dev.tapedeck.store.SessionEnd;
import dev.tapedeck.store.SessionStatus;
import dev.tapedeck.store.Stream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's streams and replays at their edges: exact timing at speed 1, pause, seek and from,
 * resumed event streams, slow and vanishing clients; plus the query routes DaemonTest leaves out.
 */
class DaemonStreamsTest {
    private static final int BIG_LINES = 200_000;

    @TempDir
    static Path dir;
    static Path db;
    static Served served;

    @BeforeAll
    static void recordAndServe() throws Exception {
        db = dir.resolve("t.db");
        TestSupport.Result run = TestSupport.tapedeck(dir, Map.of(), null, "run", "--quiet", "--db", db.toString(),
                "--agent", "coder", "--session-id", "blocks", "--", "sh", "-c",
                "printf '```python\\nprint(1)\\n```\\nError: bad thing\\n```python\\nprint(1)\\n```\\n'");
        assertThat(run.exitCode()).isZero();
        try (Database database = Database.open(db)) {
            Instant t0 = Instant.parse("2026-11-01T10:00:00Z");
            TestSupport.writeTicks(database, t0);
            // Big enough to fill the socket buffers of a client that stops reading.
            database.writes().append(NewSession.of("big", "bulk", t0));
            String filler = "x".repeat(120);
            for (int i = 1; i <= BIG_LINES; i++) {
                // Waits for room: the queue is bounded and would drop what does not fit.
                assertThat(database.writes().append(OutputLine.of("big", i, Stream.STDOUT, t0.plusNanos(1_000L * i),
                        filler), java.time.Duration.ofSeconds(30))).isTrue();
            }
            database.writes().append(new SessionEnd("big", SessionStatus.COMPLETED, 0, t0.plusSeconds(1), 0, null));
        }
        served = Served.start(dir, db);
    }

    @AfterAll
    static void stop() throws Exception {
        assertThat(served.stop()).isZero();
    }

    @Test
    void replayAtSpeedOneFinishesWithinThreePercentOfTheRecordedTime() throws Exception {
        try (Served.Sse sse = served.stream("/api/replay/session/ticks?speed=1&include=lines", null)) {
            List<Served.Frame> frames = sse.until("replay_end");
            assertThat(frames).hasSize(502);
            double seconds = (frames.get(500).receivedNanos() - frames.get(1).receivedNanos()) / 1e9;
            // 499 gaps of 10 ms: 4.99 s, within 3%.
            assertThat(seconds).isBetween(4.99 * 0.97, 4.99 * 1.03);
        }
    }

    @Test
    void nothingArrivesWhilePausedAndResumeContinuesWithTheNextLine() throws Exception {
        try (Served.Sse sse = served.stream("/api/replay/session/ticks?speed=1&include=lines", null)) {
            String replay = "/api/replay/" + sse.next().json().get("replay_id").getAsString();
            // Read on a thread of its own, so each frame's time is its arrival, not when we got to it.
            List<Served.Frame> frames = java.util.Collections.synchronizedList(new ArrayList<>());
            Thread reader = new Thread(() -> {
                try {
                    Served.Frame f;
                    while ((f = sse.next()) != null && !f.event().equals("replay_end")) {
                        frames.add(f);
                    }
                } catch (java.io.IOException e) {
                    // Closed at the end of the test.
                }
            }, "replay-reader");
            reader.start();
            assertThat(TestSupport.await(10, () -> !frames.isEmpty())).isTrue();
            JsonObject paused = served.post(replay + "/pause", "").json();
            assertThat(paused.get("state").getAsString()).isEqualTo("paused");
            long sentAtPause = paused.get("events_sent").getAsLong();
            assertThat(TestSupport.await(10, () -> frames.size() == sentAtPause)).isTrue();
            // Unpaused, 30 more lines would go out in 300 ms; neither count may move.
            long windowEnd = System.nanoTime() + 300_000_000L;
            while (System.nanoTime() < windowEnd) {
                assertThat(served.post(replay + "/pause", "").json().get("events_sent").getAsLong())
                        .isEqualTo(sentAtPause);
                assertThat(frames).hasSize((int) sentAtPause);
            }
            long resumedAt = System.nanoTime();
            served.post(replay + "/resume", "");
            assertThat(TestSupport.await(10, () -> frames.size() > sentAtPause)).isTrue();
            served.post(replay + "/stop", "");
            reader.join(10_000);
            List<Served.Frame> got = List.copyOf(frames);
            for (int i = 0; i < got.size(); i++) {
                assertThat(got.get(i).json().get("line_number").getAsLong()).isEqualTo(i + 1);
                if (i < sentAtPause) {
                    assertThat(got.get(i).receivedNanos()).as("line %d before the resume", i + 1).isLessThan(resumedAt);
                } else {
                    assertThat(got.get(i).receivedNanos()).as("line %d after the resume", i + 1)
                            .isGreaterThan(resumedAt);
                }
            }
        }
    }

    @Test
    void fromStartsAtALineOrAnOffset() throws Exception {
        assertThat(lineNumbers("/api/replay/session/ticks?speed=100&include=lines&from=line:495"))
                .containsExactly(495L, 496L, 497L, 498L, 499L, 500L);
        // Line n was printed 10 n ms after the start: 4.96 s is line 496.
        assertThat(lineNumbers("/api/replay/session/ticks?speed=100&include=lines&from=4.96"))
                .containsExactly(496L, 497L, 498L, 499L, 500L);
        assertThat(served.get("/api/replay/session/ticks?from=line:0").status()).isEqualTo(400);
        assertThat(served.get("/api/replay/session/ticks?from=soon").status()).isEqualTo(400);
    }

    private static List<Long> lineNumbers(String path) throws Exception {
        try (Served.Sse sse = served.stream(path, null)) {
            return sse.until("replay_end").stream().filter(f -> f.event().equals("line"))
                    .map(f -> f.json().get("line_number").getAsLong()).toList();
        }
    }

    @Test
    void seekJumpsToALineOrAnOffsetOfARunningReplay() throws Exception {
        // At speed 0.01 each 10 ms gap lasts a second: nothing else is sent while we seek.
        try (Served.Sse sse = served.stream("/api/replay/session/ticks?speed=0.01&include=lines", null)) {
            String replay = "/api/replay/" + sse.next().json().get("replay_id").getAsString();
            assertThat(sse.next().json().get("line_number").getAsLong()).isEqualTo(1);
            served.post(replay + "/pause", "");
            assertThat(served.post(replay + "/seek", "{\"line\": 400}").status()).isEqualTo(200);
            served.post(replay + "/resume", "");
            assertThat(sse.next().json().get("line_number").getAsLong()).isEqualTo(400);
            served.post(replay + "/pause", "");
            assertThat(served.post(replay + "/seek", "{\"offset_s\": 4.98}").status()).isEqualTo(200);
            served.post(replay + "/speed", "{\"speed\": 100}");
            served.post(replay + "/resume", "");
            List<Long> rest = sse.until("replay_end").stream().filter(f -> f.event().equals("line"))
                    .map(f -> f.json().get("line_number").getAsLong()).toList();
            assertThat(rest).containsExactly(498L, 499L, 500L);
            assertThat(served.post(replay + "/seek", "{\"line\": 1}").status()).isEqualTo(404);
        }
    }

    @Test
    void positionSecondsIsSessionTimeAcrossPauseSeekAndResume() throws Exception {
        // Line n of "ticks" is 10 n ms into the session; at speed 0.01 each 10 ms gap lasts a second.
        try (Served.Sse sse = served.stream("/api/replay/session/ticks?speed=0.01&include=lines", null)) {
            String replay = "/api/replay/" + sse.next().json().get("replay_id").getAsString();
            assertThat(sse.next().json().get("line_number").getAsLong()).isEqualTo(1);
            double paused = position(served.post(replay + "/pause", ""));
            assertThat(paused).isBetween(0.01, 0.02);
            assertThat(position(served.post(replay + "/seek", "{\"offset_s\": 3}"))).isEqualTo(3.0);
            assertThat(position(served.post(replay + "/pause", ""))).isEqualTo(3.0);
            double resumed = position(served.post(replay + "/resume", ""));
            assertThat(resumed).isBetween(3.0, 3.01);
            assertThat(sse.next().json().get("line_number").getAsLong()).isEqualTo(300);
            double later = position(served.post(replay + "/pause", ""));
            assertThat(later).isBetween(resumed, 3.01);
            // Seeking back while paused, then resuming: the target, and never before it.
            assertThat(position(served.post(replay + "/seek", "{\"line\": 100}"))).isEqualTo(1.0);
            assertThat(position(served.post(replay + "/resume", ""))).isBetween(1.0, 1.01);
            assertThat(sse.next().json().get("line_number").getAsLong()).isEqualTo(100);
            double previous = 1.0;
            for (int i = 0; i < 20; i++) {
                double now = position(served.post(replay + (i % 2 == 0 ? "/pause" : "/resume"), ""));
                assertThat(now).as("after %d controls", i + 1).isBetween(previous, 1.01);
                previous = now;
            }
            served.post(replay + "/stop", "");
        }
    }

    private static double position(Served.Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json().get("position_seconds").getAsDouble();
    }

    @Test
    void anEventStreamResumedWithLastEventIdGetsExactlyWhatItMissed() throws Exception {
        String path = "/api/stream/events?agent=resumer&type=error";
        try (Served.Sse sse = served.stream(path, null)) {
            record("resume-1", "echo 'Error: one'; echo 'Error: two'; echo 'Error: three'");
            List<Served.Frame> first = List.of(sse.next(), sse.next(), sse.next());
            assertThat(first).extracting(f -> f.json().get("matched_value").getAsString())
                    .containsExactly("one", "two", "three");
            try (Served.Sse resumed = served.stream(path, first.get(0).id())) {
                assertThat(resumed.next().id()).isEqualTo(first.get(1).id());
                assertThat(resumed.next().id()).isEqualTo(first.get(2).id());
                record("resume-2", "echo 'Error: four'");
                Served.Frame next = resumed.next();
                assertThat(next.json().get("matched_value").getAsString()).isEqualTo("four");
                assertThat(sse.next().id()).isEqualTo(next.id());
            }
        }
    }

    /**
     * Ids follow commit order, not time: recorders commit in turn, each with its own earlier events.
     * A stream that catches up from the database must still send every one of them.
     */
    @Test
    void anEventStreamCatchingUpSendsEventsWhoseIdsAndTimesDisagree() throws Exception {
        String path = "/api/stream/events?agent=interleaved&type=error";
        Instant t0 = Instant.parse("2026-11-02T10:00:00Z");
        String from;
        try (Served.Sse sse = served.stream(path, null)) {
            assertThat(TestSupport.await(10, () -> openStreams() >= 1)).isTrue();
            appendErrors(NewSession.of("inter-a", "interleaved", t0), "inter-a", t0.plusSeconds(1), "start");
            from = sse.next().id();
        }
        // Session a's two events commit first, then b's, whose time lies between them.
        appendErrors(null, "inter-a", t0.plusSeconds(10), "a1");
        appendErrors(null, "inter-a", t0.plusSeconds(30), "a2");
        appendErrors(NewSession.of("inter-b", "interleaved", t0), "inter-b", t0.plusSeconds(20), "b1");
        appendErrors(null, "inter-b", t0.plusSeconds(40), "last");
        try (Served.Sse resumed = served.stream(path, from)) {
            List<String> values = new ArrayList<>();
            while (!values.contains("last")) {
                values.add(resumed.next().json().get("matched_value").getAsString());
            }
            assertThat(values).containsExactlyInAnyOrder("a1", "a2", "b1", "last");
        }
    }

    /** The event stream filters as tapedeck events -f does: by session (any reference) and pattern too. */
    @Test
    void anEventStreamFiltersBySessionAndPattern() throws Exception {
        Instant t0 = Instant.parse("2026-11-03T10:00:00Z");
        appendErrors(NewSession.of("20261103-100000-c0ffee", "interleaved", t0), "20261103-100000-c0ffee",
                t0.plusSeconds(1), "before");
        appendErrors(NewSession.of("20261103-100000-d00d1e", "interleaved", t0), "20261103-100000-d00d1e",
                t0.plusSeconds(1), "other before");
        try (Served.Sse sse = served.stream("/api/stream/events?session=c0ffee&pattern=generic_error", null)) {
            assertThat(TestSupport.await(10, () -> openStreams() >= 1)).isTrue();
            appendErrors(null, "20261103-100000-d00d1e", t0.plusSeconds(2), "other session");
            try (Database database = Database.open(db)) {
                database.writes().append(Extraction.of("interleaved", "20261103-100000-c0ffee", t0.plusSeconds(3),
                        "error", "log_level", "other pattern"));
                database.flush();
            }
            appendErrors(null, "20261103-100000-c0ffee", t0.plusSeconds(4), "wanted");
            Served.Frame frame = sse.next();
            assertThat(frame.json().get("matched_value").getAsString()).isEqualTo("wanted");
            assertThat(frame.json().get("session_id").getAsString()).isEqualTo("20261103-100000-c0ffee");
        }
        Served.Answer unknown = served.get("/api/stream/events?session=nope");
        assertThat(unknown.status()).isEqualTo(404);
    }

    /** Appends (after a session, when given) one error event and waits until it is committed. */
    private static void appendErrors(NewSession session, String sessionId, Instant at, String value) {
        try (Database database = Database.open(db)) {
            if (session != null) {
                database.writes().append(session);
            }
            database.writes().append(Extraction.of("interleaved", sessionId, at, "error", "generic_error", value));
            database.flush();
        }
    }

    private static void record(String sessionId, String script) throws Exception {
        TestSupport.Result run = TestSupport.tapedeck(dir, Map.of(), null, "run", "--quiet", "--db", db.toString(),
                "--agent", "resumer", "--session-id", sessionId, "--", "sh", "-c", script);
        assertThat(run.exitCode()).isZero();
    }

    @Test
    void fiftyClientsThatComeAndGoLeaveNoStreamOrThreadBehind() throws Exception {
        for (int i = 0; i < 50; i++) {
            String path = switch (i % 3) {
                case 0 -> "/api/stream/events";
                case 1 -> "/api/stream/session/big";
                default -> "/api/replay/session/ticks?speed=0.001";
            };
            Served.Sse sse = served.stream(path, null);
            if (i % 3 == 0) {
                // The events stream sends only what happens from now on: wait until it is open.
                assertThat(TestSupport.await(10, () -> openStreams() == 1)).isTrue();
            } else {
                assertThat(sse.next()).isNotNull();
            }
            sse.close();
        }
        assertThat(TestSupport.await(10, () -> openStreams() == 0)).as("open streams").isTrue();
        assertThat(TestSupport.await(10, () -> served.threadNames().stream()
                .noneMatch(n -> n.startsWith("sse-live-") || n.startsWith("sse-events-") || n.startsWith("replay-"))))
                .as("threads: %s", served.threadNames()).isTrue();
    }

    private static long openStreams() {
        try {
            JsonObject streams = served.get("/api/health").json().getAsJsonObject("streams");
            return streams.get("live").getAsLong() + streams.get("events").getAsLong()
                    + streams.get("replays").getAsLong();
        } catch (Exception e) {
            return -1;
        }
    }

    /** A client with a tiny receive window that never reads is cut off; another is served meanwhile. */
    @Test
    void aClientThatStopsReadingIsDisconnectedAndCountedWhileOthersAreServed() throws Exception {
        long before = served.get("/api/health").json().getAsJsonObject("streams")
                .get("slow_clients_disconnected").getAsLong();
        try (Socket slow = new Socket()) {
            slow.setReceiveBufferSize(4096);
            slow.connect(new InetSocketAddress("127.0.0.1", served.port));
            OutputStream out = slow.getOutputStream();
            out.write(("GET /api/stream/session/big HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Accept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            try (Served.Sse fast = served.stream("/api/stream/session/big?kinds=line", null)) {
                List<Served.Frame> all = fast.until("end");
                assertThat(all).hasSize(BIG_LINES + 1);
            }
            assertThat(TestSupport.await(60, () -> slowDisconnected() > before)).isTrue();
            InputStream in = slow.getInputStream();
            // The server closed it: reading what is buffered reaches the end of the stream.
            byte[] buffer = new byte[1 << 16];
            while (in.read(buffer) != -1) {
                // Drain.
            }
        }
        assertThat(TestSupport.await(10, () -> openStreams() == 0)).isTrue();
    }

    private static long slowDisconnected() {
        try {
            return served.get("/api/health").json().getAsJsonObject("streams").get("slow_clients_disconnected")
                    .getAsLong();
        } catch (Exception e) {
            return -1;
        }
    }

    /** Committed by another writer (here, this test's own connection), on the stream within 250 ms. */
    @Test
    void aRowCommittedElsewhereIsOnTheLiveStreamWithin250Ms() throws Exception {
        try (Database writer = Database.open(db)) {
            writer.writes().append(NewSession.of("late", "writer", Instant.now()));
            writer.flush();
            try (Served.Sse sse = served.stream("/api/stream/session/late?kinds=line", null)) {
                assertThat(TestSupport.await(10, () -> openStreams() == 1)).isTrue();
                for (int i = 1; i <= 5; i++) {
                    writer.writes().append(OutputLine.of("late", i, Stream.STDOUT, Instant.now(), "row " + i));
                    writer.flush();
                    long committed = System.nanoTime();
                    Served.Frame frame = sse.next();
                    assertThat(frame.json().get("text").getAsString()).isEqualTo("row " + i);
                    assertThat((frame.receivedNanos() - committed) / 1e6).as("ms after commit").isLessThan(250);
                }
                writer.writes().append(new SessionEnd("late", SessionStatus.COMPLETED, 0, Instant.now(), 0, null));
                writer.flush();
                assertThat(sse.next().event()).isEqualTo("end");
            }
        }
    }

    @Test
    void aQuietStreamGetsAKeepAliveCommentWithinFifteenSeconds() throws Exception {
        try (Served.Sse sse = served.stream("/api/stream/events?agent=nobody-at-all", null)) {
            long start = System.nanoTime();
            String line;
            while ((line = sse.nextRawLine()) != null && !line.startsWith(":")) {
                // Skip anything that is not a comment.
            }
            assertThat(line).startsWith(": keep-alive");
            assertThat((System.nanoTime() - start) / 1e9).isBetween(14.0, 16.5);
        }
    }

    @Test
    void codeBlocksPatternStatsAndRecentSessionsAnswerOverHttp() throws Exception {
        JsonObject blocks = served.get("/api/query/code-blocks?agent=coder&language=python").json();
        JsonArray list = blocks.getAsJsonArray("code_blocks");
        assertThat(list).hasSize(1);
        JsonObject block = list.get(0).getAsJsonObject();
        assertThat(block.get("content").getAsString()).isEqualTo("print(1)");
        assertThat(block.getAsJsonArray("occurrences")).hasSize(2);
        assertThat(served.get("/api/query/code-blocks?language=rust").json().getAsJsonArray("code_blocks")).isEmpty();

        JsonObject error = served.get("/api/query/extractions?session=blocks&type=error").json()
                .getAsJsonArray("extractions").get(0).getAsJsonObject();
        String pattern = error.get("pattern").getAsString();
        JsonObject stats = served.get("/api/query/stats/pattern/" + URLEncoder.encode(pattern, StandardCharsets.UTF_8)
                .replace("+", "%20")).json();
        assertThat(stats.get("total").getAsLong()).isGreaterThanOrEqualTo(1);
        assertThat(stats.getAsJsonObject("by_agent").get("coder").getAsLong()).isEqualTo(1);
        assertThat(stats.getAsJsonArray("by_day")).isNotEmpty();

        // ticks and big started on 2026-11-01; blocks just now.
        JsonArray recent = served.get("/api/query/sessions?days=1").json().getAsJsonArray("sessions");
        assertThat(recent).extracting(s -> s.getAsJsonObject().get("session_id").getAsString()).contains("blocks")
                .doesNotContain("ticks", "big");
        assertThat(served.get("/api/query/sessions?days=0").status()).isEqualTo(400);
        assertThat(served.get("/api/query/stats/agent/nobody").status()).isEqualTo(404);
    }
}
