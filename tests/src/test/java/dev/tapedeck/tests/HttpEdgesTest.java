package dev.tapedeck.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon against a client that attacks its edges: times at the ends of what Java parses,
 * stream ids at the top of the 64-bit range, more streams than allowed, a header sent a byte at a
 * time, and what health tells a stranger.
 */
class HttpEdgesTest {
    private static final String TOKEN = "0123456789abcdef0123456789abcdef";
    private static final String[] EDGE_TIMES = {"-999999999-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z",
        "+10000-01-01T00:00:00Z", "-0001-12-31T23:59:59Z", "0000-01-01T00:00:00+01:00"};

    @TempDir
    static Path dir;
    static Path db;
    static Served served;

    @BeforeAll
    static void recordAndServe() throws Exception {
        db = dir.resolve("t.db");
        TestSupport.recordDoneAndTicks(dir, db, "echo one; echo 'Error: two' >&2; echo three; exit 3");
        served = Served.start(dir, db);
    }

    @AfterAll
    static void stop() throws Exception {
        served.close();
    }

    @Test
    void timesBeyondFourDigitYearsAreA400NamingTheParameter() throws Exception {
        for (String time : EDGE_TIMES) {
            String q = URLEncoder.encode(time, StandardCharsets.UTF_8);
            for (String[] route : new String[][] {{"/api/query/extractions", "since"},
                {"/api/query/extractions", "until"}, {"/api/query/timeline", "from"}, {"/api/query/timeline", "to"},
                {"/api/query/overview", "since"}, {"/api/query/overview", "until"}, {"/api/stream/sessions", "since"}}) {
                Served.Answer answer = served.get(route[0] + "?" + route[1] + "=" + q);
                assertThat(answer.status()).as("%s?%s=%s: %s", route[0], route[1], time, answer.body()).isEqualTo(400);
                assertThat(answer.json().get("detail").getAsString()).isEqualTo(route[1] + ": '" + time
                        + "' is out of range; times go from 0000-01-01T00:00:00Z to 9999-12-31T23:59:59Z");
            }
        }
        // The ends of the range itself are answered.
        assertThat(served.get("/api/query/extractions?since=0000-01-01T00:00:00Z&until=9999-12-31T23:59:59.999999Z")
                .json().get("total").getAsInt()).isEqualTo(1);
        assertThat(served.get("/api/query/timeline?to=9999-12-31T23:59:59Z").status()).isEqualTo(200);
        assertThat(served.get("/api/query/timeline?from=0000-01-01T00:00:00Z&to=0000-01-01T01:00:00Z").status())
                .isEqualTo(200);
        assertThat(served.log()).doesNotContain("ERROR").doesNotContain("Exception");
    }

    @Test
    void aLastEventIdAtTheTopOfTheRangeEndsAnEndedSessionsStreamAtOnce() throws Exception {
        String top = Long.toString(Long.MAX_VALUE);
        List<Served.Frame> frames = framesWithin(10, "/api/stream/session/done-1", top + ".0.0.0");
        // Nothing comes after the last possible line; the other kinds, from 0, all come, then end.
        assertThat(frames).extracting(Served.Frame::event).doesNotContain("line").contains("extraction", "state")
                .last().isEqualTo("end");
        assertThat(frames.get(frames.size() - 1).id()).startsWith(top + ".");
        List<Served.Frame> all = framesWithin(10, "/api/stream/session/done-1",
                top + "." + top + "." + top + "." + top);
        assertThat(all).extracting(Served.Frame::event).containsExactly("end");
        // The stream's thread is gone, not spinning: no live stream is left open.
        assertThat(TestSupport.await(10, () -> served.threadNames().stream().noneMatch(n -> n.startsWith("sse-live-"))))
                .as("threads: %s", served.threadNames()).isTrue();
        assertThat(served.get("/api/health").json().getAsJsonObject("streams").get("live").getAsLong()).isZero();
    }

    @Test
    void idsBeyondTheRangeAreA400() throws Exception {
        for (String id : new String[] {"9223372036854775808.0.0.0", "-1.0.0.0", "0.0.0", "0.0.0.0.0", "1e3.0.0.0",
            "0x10.0.0.0", "+1.0.0.0.", "1..0.0"}) {
            HttpResponse<String> r = served.http.send(HttpRequest.newBuilder(served.uri("/api/stream/session/done-1"))
                    .header("Last-Event-ID", id).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as("%s: %s", id, r.body()).isEqualTo(400);
            assertThat(r.body()).contains("Last-Event-ID must be an event id this server sent");
        }
    }

    @Test
    void replaysFromAndSeekingToTheLastPossibleLineEndPromptly() throws Exception {
        List<Served.Frame> frames = framesWithin(10, "/api/replay/session/done-1?from=line:" + Long.MAX_VALUE, null);
        assertThat(frames).extracting(Served.Frame::event).doesNotContain("line").last().isEqualTo("replay_end");
        assertThat(frames.get(frames.size() - 1).json().get("reason").getAsString()).isEqualTo("finished");
        assertThat(served.get("/api/query/session/done-1/lines?from_line=" + Long.MAX_VALUE + "&limit=1000")
                .json().get("total").getAsInt()).isZero();
        try (Served.Sse sse = served.stream("/api/replay/session/done-1?speed=0.000001", null)) {
            String id = sse.next().json().get("replay_id").getAsString();
            Served.Answer tooBig = served.post("/api/replay/" + id + "/seek", "{\"line\": 9223372036854775808}");
            assertThat(tooBig.status()).as(tooBig.body()).isEqualTo(400);
            Served.Answer seek = served.post("/api/replay/" + id + "/seek", "{\"line\": " + Long.MAX_VALUE + "}");
            assertThat(seek.status()).as(seek.body()).isEqualTo(200);
            List<Served.Frame> rest = sse.until("replay_end");
            assertThat(rest).extracting(Served.Frame::event).last().isEqualTo("replay_end");
            assertThat(rest.get(rest.size() - 1).json().get("reason").getAsString()).isEqualTo("finished");
        }
    }

    @Test
    void aReplayAtATinySpeedWaitsInsteadOfWrappingIntoThePast() throws Exception {
        // 1e-300, written out: the speed parameter takes no exponent.
        String speed = "0." + "0".repeat(299) + "1";
        try (Served.Sse sse = served.stream("/api/replay/session/ticks?include=line&speed=" + speed, null)) {
            String id = sse.next().json().get("replay_id").getAsString();
            assertThat(sse.next().json().get("line_number").getAsLong()).isEqualTo(1);
            // Line 2 is 10 ms of session time later: at this speed, never within this replay.
            CompletableFuture<Served.Frame> next = CompletableFuture.supplyAsync(() -> {
                try {
                    return sse.next();
                } catch (IOException e) {
                    return null;
                }
            });
            assertThat(TestSupport.await(1, next::isDone)).as("a frame came: %s", next.getNow(null)).isFalse();
            JsonObject status = served.post("/api/replay/" + id + "/stop", "").json();
            assertThat(status.get("events_sent").getAsLong()).isEqualTo(1);
        }
    }

    @Test
    void streamsBeyondTheCapGetA503ThatIsCountedAndAClosedStreamFreesItsSlot() throws Exception {
        Path capDir = Files.createDirectories(dir.resolve("cap"));
        try (Served capped = Served.start(capDir, db, "--max-streams", "2")) {
            Served.Sse events = capped.stream("/api/stream/events", null);
            Served.Sse replay = capped.stream("/api/replay/session/done-1?speed=0.000001", null);
            assertThat(events.response.statusCode()).isEqualTo(200);
            assertThat(replay.response.statusCode()).isEqualTo(200);
            for (String path : new String[] {"/api/stream/session/done-1", "/api/replay/session/done-1",
                "/api/stream/events"}) {
                HttpResponse<String> refused = capped.http.send(HttpRequest.newBuilder(capped.uri(path))
                        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(refused.statusCode()).as(path).isEqualTo(503);
                assertThat(refused.headers().firstValue("Content-Type")).contains("application/json; charset=UTF-8");
                assertThat(refused.headers().firstValue("Retry-After")).contains("5");
                JsonObject body = JsonParser.parseString(refused.body()).getAsJsonObject();
                assertThat(body.get("status").getAsInt()).isEqualTo(503);
                assertThat(body.get("detail").getAsString()).isEqualTo("too many open streams: 2 of at most 2"
                        + " (tapedeck serve --max-streams); try again later");
            }
            String metrics = capped.get("/metrics").body();
            assertThat(metric(metrics, "tapedeck_sse_rejected_total")).isEqualTo(3.0);
            assertThat(metric(metrics, "tapedeck_sse_streams_max")).isEqualTo(2.0);
            events.close();
            assertThat(TestSupport.await(10, () -> {
                try (Served.Sse again = capped.stream("/api/stream/session/done-1", null)) {
                    return again.response.statusCode() == 200 && again.until("end").size() > 1;
                } catch (IOException | InterruptedException e) {
                    return false;
                }
            })).as("a slot is free again once a stream closed").isTrue();
            replay.close();
        }
        // Streams that fail before they start (404, 400) give their slot back.
        Path oneDir = Files.createDirectories(dir.resolve("one"));
        try (Served one = Served.start(oneDir, db, "--max-streams", "1")) {
            for (int i = 0; i < 5; i++) {
                assertThat(one.get("/api/stream/session/nope").status()).isEqualTo(404);
                assertThat(one.get("/api/replay/session/done-1?speed=0").status()).isEqualTo(400);
            }
            try (Served.Sse sse = one.stream("/api/stream/session/done-1", null)) {
                assertThat(sse.response.statusCode()).isEqualTo(200);
                assertThat(sse.until("end")).extracting(Served.Frame::event).last().isEqualTo("end");
            }
        }
    }

    @Test
    void aHeaderSentAByteAtATimeIsCutOffAtTheHeaderTimeout() throws Exception {
        Path slowDir = Files.createDirectories(dir.resolve("slow"));
        try (Served slow = Served.start(slowDir, db, "--header-timeout", "1", "--idle-timeout", "2")) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", slow.port), 5_000);
                socket.setSoTimeout(100);
                OutputStream out = socket.getOutputStream();
                InputStream in = socket.getInputStream();
                out.write("GET /api/health HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                long start = System.nanoTime();
                boolean closed = false;
                while (!closed && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(8)) {
                    try {
                        out.write('X');
                        out.flush();
                        closed = in.read() < 0;
                    } catch (SocketTimeoutException e) {
                        // Still open: keep trickling.
                    } catch (IOException e) {
                        closed = true;
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                assertThat(closed).as("closed after %.1f s", seconds).isTrue();
                assertThat(seconds).isBetween(0.5, 4.0);
            }
            try (Socket idle = new Socket()) {
                idle.connect(new InetSocketAddress("127.0.0.1", slow.port), 5_000);
                idle.setSoTimeout(8_000);
                long start = System.nanoTime();
                int read;
                try {
                    read = idle.getInputStream().read();
                } catch (IOException e) {
                    read = -1;
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                assertThat(read).isEqualTo(-1);
                assertThat(seconds).as("a silent connection is closed at the idle timeout").isBetween(1.0, 6.0);
            }
            // A request sent whole is answered as usual.
            assertThat(slow.get("/api/health").status()).isEqualTo(200);
        }
    }

    /**
     * A body trickled a byte at a time held a worker thread for as long as the client liked (a
     * control's read of it, an export's drain of it at the end): 20 of them (the daemon has 16
     * workers) left every query route unanswered. A body must arrive within --header-timeout of its
     * header, or the connection is closed, and no worker waits for it.
     */
    @Test
    void aControlBodySentAByteAtATimeIsCutOffAndTheQueriesStillAnswer() throws Exception {
        Path slowDir = Files.createDirectories(dir.resolve("slow-body"));
        try (Served slow = Served.start(slowDir, db, "--header-timeout", "1");
             Served.Sse sse = slow.stream("/api/replay/session/done-1?speed=0.000001", null)) {
            String id = sse.next().json().get("replay_id").getAsString();
            List<Socket> sockets = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 20; i++) {
                    Socket socket = new Socket();
                    sockets.add(socket);
                    socket.connect(new InetSocketAddress("127.0.0.1", slow.port), 5_000);
                    socket.setSoTimeout(50);
                    // A control reads its body; an export never does, but a worker drained it at the end.
                    String request = i % 2 == 0 ? "POST /api/replay/" + id + "/pause" : "GET /api/replay/export/done-1";
                    socket.getOutputStream().write((request + " HTTP/1.1\r\nHost: x\r\n"
                            + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{")
                            .getBytes(StandardCharsets.US_ASCII));
                }
                long start = System.nanoTime();
                Served.Answer sessions;
                try {
                    sessions = slow.get("/api/query/sessions");
                } catch (java.net.http.HttpTimeoutException e) {
                    throw new AssertionError("no answer to a query: " + slow.log(), e);
                }
                double answeredAfter = (System.nanoTime() - start) / 1e9;
                assertThat(sessions.status()).isEqualTo(200);
                assertThat(answeredAfter).as("a query waited for the trickled bodies").isLessThan(5.0);
                java.util.Set<Socket> cut = new java.util.HashSet<>();
                while (cut.size() < sockets.size() && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(8)) {
                    for (Socket socket : sockets) {
                        if (!cut.contains(socket) && trickleOrSeeClosed(socket)) {
                            cut.add(socket);
                        }
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                assertThat(cut).as("bodies cut off after %.1f s", seconds).hasSize(sockets.size());
                assertThat(seconds).isBetween(0.5, 5.0);
            } finally {
                for (Socket socket : sockets) {
                    socket.close();
                }
            }
            // A body sent whole is answered as usual, and the cut bodies were no fault of ours.
            Served.Answer pause = slow.post("/api/replay/" + id + "/pause", "{}");
            assertThat(pause.status()).as(pause.body()).isEqualTo(200);
            // A client that waits for '100 Continue' before its body gets it at once, not the deadline.
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", slow.port), 5_000);
                socket.setSoTimeout(5_000);
                socket.getOutputStream().write(("POST /api/replay/" + id + "/resume HTTP/1.1\r\nHost: x\r\n"
                        + "Expect: 100-continue\r\nContent-Length: 2\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                byte[] interim = new byte[25];
                int got = socket.getInputStream().readNBytes(interim, 0, interim.length);
                assertThat(new String(interim, 0, got, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
                socket.getOutputStream().write("{}".getBytes(StandardCharsets.US_ASCII));
                byte[] status = new byte[12];
                got = socket.getInputStream().readNBytes(status, 0, status.length);
                assertThat(new String(status, 0, got, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
            }
            // Read before a worker takes it, a body is still held to 64 KiB, chunked or not.
            HttpResponse<String> chunked = slow.http.send(HttpRequest.newBuilder(slow.uri("/api/replay/" + id
                    + "/pause")).timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofInputStream(
                            () -> new java.io.ByteArrayInputStream(new byte[70_000]))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(chunked.statusCode()).as(chunked.body()).isEqualTo(413);
            assertThat(slow.log()).doesNotContain("ERROR");
        }
    }

    /** Sends one more byte of a body; true once the daemon has closed the connection (or answered). */
    private static boolean trickleOrSeeClosed(Socket socket) {
        try {
            socket.getOutputStream().write(' ');
            socket.getOutputStream().flush();
            socket.getInputStream().read();
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Test
    void badLimitsAreRefusedWithOneLine() throws Exception {
        for (String[] bad : new String[][] {{"--max-streams", "0", "--max-streams must be in [1, 100000], got 0"},
            {"--header-timeout", "0", "--header-timeout must be in (0, 3600] seconds, got 0.0"},
            {"--idle-timeout", "NaN", "--idle-timeout must be in (0, 86400] seconds, got NaN"}}) {
            TestSupport.Result r = TestSupport.tapedeck(dir, Map.of(), null, "serve", "--db", db.toString(),
                    "--port", "0", bad[0], bad[1]);
            assertThat(r.exitCode()).as(r.stderr()).isEqualTo(2);
            assertThat(r.stderr()).isEqualTo("tapedeck: " + bad[2] + "\n");
        }
    }

    @Test
    void healthShowsTheDatabasesFileNameOnlyWithoutTheToken() throws Exception {
        assertThat(served.get("/api/health").json().get("database").getAsString()).isEqualTo("t.db");
        Path token = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        Path tokenDir = Files.createDirectories(dir.resolve("token-served"));
        try (Served guarded = Served.start(tokenDir, db, "--token-file", token.toString())) {
            for (String header : new String[] {null, "Bearer wrong-token-0123456789", "Basic " + TOKEN}) {
                HttpRequest.Builder request = HttpRequest.newBuilder(guarded.uri("/api/health"));
                if (header != null) {
                    request.header("Authorization", header);
                }
                HttpResponse<String> r = guarded.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.body()).doesNotContain(dir.toString());
                assertThat(JsonParser.parseString(r.body()).getAsJsonObject().get("database").getAsString())
                        .as(header).isEqualTo("t.db");
            }
            HttpResponse<String> withToken = guarded.http.send(HttpRequest.newBuilder(guarded.uri("/api/health"))
                    .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(JsonParser.parseString(withToken.body()).getAsJsonObject().get("database").getAsString())
                    .isEqualTo(db.toString());
        }
    }

    /** Every frame of a stream that must end by itself within seconds. */
    private static List<Served.Frame> framesWithin(int seconds, String path, String lastEventId) throws Exception {
        Served.Sse sse = served.stream(path, lastEventId);
        assertThat(sse.response.statusCode()).isEqualTo(200);
        CompletableFuture<List<Served.Frame>> frames = CompletableFuture.supplyAsync(() -> {
            try {
                List<Served.Frame> all = new java.util.ArrayList<>();
                Served.Frame f;
                while ((f = sse.next()) != null) {
                    all.add(f);
                }
                return all;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try {
            return frames.get(seconds, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError(path + " with Last-Event-ID " + lastEventId + " did not end within " + seconds
                    + " s");
        } finally {
            sse.close();
        }
    }

    private static double metric(String text, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{[^}]*\\})? (\\S+)$").matcher(text);
        assertThat(m.find()).as("%s in %s", name, text).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
