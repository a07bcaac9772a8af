package dev.tapedeck.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/stream/sessions} over real HTTP against a real {@code tapedeck serve}, with
 * sessions recorded meanwhile by other {@code tapedeck run} processes held by gate files: a
 * session's listing item when it starts, when its lines change and when it ends, at most one a
 * second per session; a session that starts and ends between two looks; the agent filter; one of
 * {@code --max-streams}; a bad parameter is a 400.
 */
class SessionsStreamTest {
    @TempDir
    static Path dir;
    static Path db;
    static Served served;
    static final ExecutorService READER = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "sse-test-reader");
        t.setDaemon(true);
        return t;
    });

    @BeforeAll
    static void serve() throws Exception {
        db = dir.resolve("s.db");
        served = Served.start(dir, db, "--max-streams", "2");
    }

    @AfterAll
    static void stop() throws Exception {
        READER.shutdownNow();
        if (served != null) {
            served.close();
        }
    }

    private static Process run(String agent, String script) throws Exception {
        return TestSupport.start(dir, "run", "--db", db.toString(), "--agent", agent, "--", "sh", "-c", script);
    }

    /** Frames until one matches, each within the deadline; fails with what came when none does. */
    private static List<Served.Frame> until(Served.Sse sse, int seconds, Predicate<Served.Frame> done) throws Exception {
        List<Served.Frame> frames = new ArrayList<>();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            long left = end - System.nanoTime();
            Future<Served.Frame> next = READER.submit(sse::next);
            Served.Frame frame;
            try {
                frame = next.get(Math.max(1, left), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                next.cancel(true);
                throw new AssertionError("no matching frame within " + seconds + " s; got " + frames);
            }
            assertThat(frame).as("the stream ended; got " + frames).isNotNull();
            frames.add(frame);
            if (done.test(frame)) {
                return frames;
            }
        }
    }

    private static Predicate<Served.Frame> session(String agent, Predicate<JsonObject> what) {
        return f -> f.event().equals("session") && f.json().get("agent_name").getAsString().equals(agent)
                && what.test(f.json());
    }

    @Test
    void aSessionIsSentWhenItStartsChangesAndEnds() throws Exception {
        try (Served.Sse sse = served.stream("/api/stream/sessions?agent=live", null)) {
            assertThat(sse.response.statusCode()).isEqualTo(200);
            assertThat(sse.response.headers().firstValue("content-type")).contains("text/event-stream; charset=UTF-8");
            Process live = run("live", "echo one; while [ ! -e gate-1 ]; do sleep 0.05; done;"
                    + " echo two; echo three; while [ ! -e gate-2 ]; do sleep 0.05; done");
            try {
                List<Served.Frame> started = until(sse, 20, session("live", s -> s.get("status").getAsString()
                        .equals("running") && s.get("total_lines_processed").getAsLong() == 1));
                Served.Frame first = started.get(started.size() - 1);
                assertThat(first.id()).matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
                String id = first.json().get("session_id").getAsString();
                assertThat(first.json().get("short_id").getAsString()).isNotEmpty();
                assertThat(first.json().get("ended_at").isJsonNull()).isTrue();
                Files.writeString(dir.resolve("gate-1"), "");
                List<Served.Frame> more = until(sse, 10, session("live",
                        s -> s.get("total_lines_processed").getAsLong() == 3));
                Served.Frame three = more.get(more.size() - 1);
                assertThat(three.json().get("session_id").getAsString()).isEqualTo(id);
                assertThat(three.json().get("status").getAsString()).isEqualTo("running");
                Files.writeString(dir.resolve("gate-2"), "");
                List<Served.Frame> ended = until(sse, 15, session("live",
                        s -> !s.get("status").getAsString().equals("running")));
                Served.Frame end = ended.get(ended.size() - 1);
                assertThat(end.json().get("status").getAsString()).isEqualTo("completed");
                assertThat(end.json().get("exit_code").getAsInt()).isZero();
                assertThat(end.json().get("duration_seconds").isJsonNull()).isFalse();
                // At most one message a second for a session.
                List<Served.Frame> all = new ArrayList<>(started);
                all.addAll(more);
                all.addAll(ended);
                for (int i = 1; i < all.size(); i++) {
                    long gapMillis = (all.get(i).receivedNanos() - all.get(i - 1).receivedNanos()) / 1_000_000;
                    assertThat(gapMillis).as("gap before frame %d of %s", i, all).isGreaterThan(800);
                }
                assertThat(live.waitFor(30, TimeUnit.SECONDS)).isTrue();
            } finally {
                Files.writeString(dir.resolve("gate-1"), "");
                Files.writeString(dir.resolve("gate-2"), "");
                live.destroyForcibly();
            }
        }
    }

    @Test
    void aShortSessionIsSentEndedAndOtherAgentsAreNot() throws Exception {
        try (Served.Sse sse = served.stream("/api/stream/sessions?agent=quick", null)) {
            // Something to look at first, so the stream has made its first look.
            Process other = run("other", "echo other");
            assertThat(other.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(TestSupport.await(10, () -> served.bodyOf("/api/query/sessions?agent=other").contains("completed")))
                    .isTrue();
            Process quick = run("quick", "echo quick");
            assertThat(quick.waitFor(30, TimeUnit.SECONDS)).isTrue();
            List<Served.Frame> frames = until(sse, 10, session("quick",
                    s -> s.get("status").getAsString().equals("completed")));
            assertThat(frames).allSatisfy(f -> assertThat(f.json().get("agent_name").getAsString()).isEqualTo("quick"));
        }
    }

    @Test
    void itTakesOneOfMaxStreamsAndBadParametersAreA400() throws Exception {
        // Streams of the other tests give their slots back once the daemon sees them closed.
        assertThat(TestSupport.await(10, () -> served.bodyOf("/api/health").contains("\"sessions\":0"))).isTrue();
        Served.Answer bad = served.get("/api/stream/sessions?since=5y");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("detail").getAsString()).startsWith("since: '5y' is not a time");
        assertThat(served.get("/api/stream/sessions?status=running").status()).isEqualTo(400);
        try (Served.Sse one = served.stream("/api/stream/sessions", null);
             Served.Sse two = served.stream("/api/stream/sessions?agent=x", null)) {
            assertThat(one.response.statusCode()).isEqualTo(200);
            assertThat(two.response.statusCode()).isEqualTo(200);
            assertThat(TestSupport.await(10, () -> served.bodyOf("/api/health").contains("\"sessions\":2"))).isTrue();
            Served.Answer third = served.get("/api/stream/sessions");
            assertThat(third.status()).isEqualTo(503);
            assertThat(third.response().headers().firstValue("retry-after")).contains("5");
        }
        assertThat(TestSupport.await(10, () -> served.bodyOf("/api/health").contains("\"sessions\":0"))).isTrue();
    }
}
