package dev.tapedeck.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.tapedeck.store.Database;
import dev.tapedeck.store.Extraction;
import dev.tapedeck.store.NewSession;
import dev.tapedeck.store.OutputLine;
import dev.tapedeck.store.SessionEnd;
import dev.tapedeck.store.SessionStatus;
import dev.tapedeck.store.Stream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The session page's windowed cast over a real daemon: {@code GET /api/replay/cast/{id}} (the index
 * of asciinema-player's segmented recordings) and {@code .../window}, on sessions written with
 * exact times: windows that cover every line once and in order, with the boundaries asciinema-player
 * checks; idle gaps capped and listed; the snapshot of the lines before a window; markers thinned
 * past 500; and the 400s.
 */
class CastRouteTest {
    private static final Instant START = Instant.parse("2026-12-03T10:00:00Z");
    /** 250 lines 10 ms apart, a 5 s pause before line 101, lines 150 to 160 read at one instant; ends 3 s after. */
    private static final String CAST = "20261203-100000-cafe01";
    /** A full-screen program: enters the alternate screen on line 2, then redraws one row per line. */
    private static final String TUI = "20261203-120000-cafe03";
    /** The same, but it leaves the alternate screen on line 30. */
    private static final String LEFT = "20261203-130000-cafe04";
    /** 700 errors, each a marker. */
    private static final String MANY = "20261203-110000-cafe02";

    @TempDir
    static Path dir;
    static Served served;

    @BeforeAll
    static void writeAndServe() throws Exception {
        Path db = dir.resolve("c.db");
        try (Database d = Database.open(db)) {
            d.writes().append(NewSession.of(CAST, "agent", START).withCommand("agent", "/work"));
            for (int n = 1; n <= 250; n++) {
                String raw = "\033[32mline " + n + "\033[0m\n";
                d.writes().append(new OutputLine(CAST, n, Stream.STDOUT, time(n), "line " + n,
                        raw.getBytes(StandardCharsets.UTF_8), false));
            }
            d.writes().append(Extraction.of("agent", CAST, time(120), "error", "generic_error", "late").withLine(120L,
                    "line 120"));
            d.writes().append(new SessionEnd(CAST, SessionStatus.COMPLETED, 0, time(250).plusSeconds(3), 0, null));
            Instant many = START.plusSeconds(3600);
            d.writes().append(NewSession.of(MANY, "agent", many).withCommand("agent", "/work"));
            for (int i = 1; i <= 700; i++) {
                d.writes().append(OutputLine.of(MANY, i, Stream.STDOUT, many.plusMillis(10L * i), "error: e" + i));
                d.writes().append(Extraction.of("agent", MANY, many.plusMillis(10L * i), "error", "generic_error",
                        "e" + i).withLine((long) i, "error: e" + i));
            }
            d.writes().append(new SessionEnd(MANY, SessionStatus.FAILED, 1, many.plusSeconds(8), 0, null));
            fullScreen(d, TUI, START.plusSeconds(7200), false);
            fullScreen(d, LEFT, START.plusSeconds(9000), true);
            d.flush();
        }
        served = Served.start(dir, db);
    }

    @AfterAll
    static void stop() throws Exception {
        if (served != null) {
            assertThat(served.stop()).isZero();
        }
    }

    private static void fullScreen(Database d, String id, Instant start, boolean leaves) {
        d.writes().append(NewSession.of(id, "tui", start).withCommand("top", "/work"));
        for (int n = 1; n <= 100; n++) {
            String raw = n == 1 ? "starting\n" : n == 2 ? "\033[?1049h\033[2J\033[Hthe header\n"
                    : leaves && n == 30 ? "\033[?1049lback\n" : "\033[" + (3 + n % 5) + ";1Hcounter " + n + "\n";
            d.writes().append(new OutputLine(id, n, Stream.STDOUT, start.plusMillis(10L * n), "line " + n,
                    raw.getBytes(StandardCharsets.UTF_8), false));
        }
        d.writes().append(new SessionEnd(id, SessionStatus.COMPLETED, 0, start.plusSeconds(2), 0, null));
    }

    /** The time of line n of CAST. */
    private static Instant time(int n) {
        int at = Math.min(Math.max(n, 0), 150);
        long millis = 10L * at + (n > 160 ? 10L * (n - 160) : 0) + (n > 100 ? 5_000 : 0);
        return START.plusMillis(millis);
    }

    private static double seconds(Instant at) {
        return java.time.Duration.between(START, at).toNanos() / 1e9;
    }

    private JsonObject get(String path) throws Exception {
        Served.Answer answer = served.get(path);
        assertThat(answer.status()).as(path + ": " + answer.body()).isEqualTo(200);
        return answer.json();
    }

    /** Every window of an index, checked as asciinema-player checks them; the events in order. */
    private List<JsonArray> events(JsonObject index) throws Exception {
        JsonArray segments = index.getAsJsonArray("segments");
        double duration = index.get("duration").getAsDouble();
        List<JsonArray> all = new ArrayList<>();
        assertThat(segments.get(0).getAsJsonObject().get("start").getAsDouble()).isZero();
        for (int i = 0; i < segments.size(); i++) {
            JsonObject segment = segments.get(i).getAsJsonObject();
            double start = segment.get("start").getAsDouble();
            double next = i + 1 < segments.size() ? segments.get(i + 1).getAsJsonObject().get("start").getAsDouble()
                    : Double.POSITIVE_INFINITY;
            assertThat(next).as("segment starts increase").isGreaterThan(start);
            JsonObject window = get(segment.get("url").getAsString());
            JsonArray events = window.getAsJsonArray("events");
            assertThat(events).as("segment %s has events", i).isNotEmpty();
            if (i > 0) {
                assertThat(events.get(0).getAsJsonArray().get(0).getAsDouble()).as("segment %s's first event", i)
                        .isEqualTo(start);
            }
            for (JsonElement e : events) {
                double t = e.getAsJsonArray().get(0).getAsDouble();
                assertThat(t).as("an event of segment %s", i).isGreaterThanOrEqualTo(start).isLessThan(next)
                        .isLessThanOrEqualTo(duration);
                all.add(e.getAsJsonArray());
            }
        }
        assertThat(all.get(all.size() - 1).get(0).getAsDouble()).as("the last event is at the duration").isEqualTo(duration);
        return all;
    }

    private static List<String> texts(List<JsonArray> events) {
        return events.stream().map(e -> e.get(2).getAsString()).filter(t -> !t.isEmpty()).toList();
    }

    @Test
    void windowsCoverEveryLineOnceInOrderAtSessionTimeWithoutACap() throws Exception {
        JsonObject index = get("/api/replay/cast/" + CAST + "?window=50");
        assertThat(index.get("version").getAsInt()).isEqualTo(1);
        assertThat(index.getAsJsonObject("term").get("cols").getAsInt()).isEqualTo(120);
        assertThat(index.getAsJsonObject("term").get("rows").getAsInt()).isEqualTo(40);
        assertThat(index.get("duration").getAsDouble()).isEqualTo(seconds(time(250).plusSeconds(3)));
        assertThat(index.getAsJsonObject("clock").get("idle").isJsonNull()).isTrue();
        assertThat(index.getAsJsonObject("clock").getAsJsonArray("gaps")).isEmpty();
        List<JsonArray> events = events(index);
        List<String> expected = new ArrayList<>();
        for (int n = 1; n <= 250; n++) {
            expected.add("\033[32mline " + n + "\033[0m\r\n");
        }
        assertThat(texts(events)).isEqualTo(expected);
        assertThat(events.get(119).get(0).getAsDouble()).isEqualTo(seconds(time(120)));
        // Lines 150 to 160 share one instant: no window starts among them.
        for (JsonElement s : index.getAsJsonArray("segments")) {
            String url = s.getAsJsonObject().get("url").getAsString();
            int from = Integer.parseInt(url.replaceAll(".*&from=(\\d+).*", "$1"));
            assertThat(from < 151 || from > 160).as("a window starting at line %s: %s", from, url).isTrue();
        }
        assertThat(index.getAsJsonArray("segments").size()).isBetween(4, 5);
        assertThat(index.getAsJsonArray("markers")).hasSize(1);
        assertThat(index.getAsJsonArray("markers").get(0).getAsJsonArray().get(1).getAsString()).isEqualTo("error: late");
        assertThat(served.get("/api/replay/cast/" + CAST).response().headers().firstValue("cache-control"))
                .contains("private, max-age=60");
    }

    @Test
    void idleGapsAreCappedListedAndTheMarkersFollow() throws Exception {
        JsonObject index = get("/api/replay/cast/" + CAST + "?window=50&idle=2");
        JsonArray gaps = index.getAsJsonObject("clock").getAsJsonArray("gaps");
        assertThat(gaps).hasSize(2);
        assertThat(gaps.get(0).getAsJsonArray().get(0).getAsDouble()).isEqualTo(seconds(time(100)));
        assertThat(gaps.get(0).getAsJsonArray().get(1).getAsDouble()).isEqualTo(seconds(time(101)));
        assertThat(gaps.get(1).getAsJsonArray().get(1).getAsDouble()).isEqualTo(seconds(time(250).plusSeconds(3)));
        // 5.01 s played as 2, and the 3 s after the last line as 2.
        double cut = (seconds(time(101)) - seconds(time(100)) - 2) + 1;
        assertThat(index.get("duration").getAsDouble()).isCloseTo(seconds(time(250).plusSeconds(3)) - cut,
                org.assertj.core.data.Offset.offset(1e-6));
        List<JsonArray> events = events(index);
        assertThat(texts(events)).hasSize(250);
        assertThat(events.get(100).get(0).getAsDouble()).isCloseTo(seconds(time(101)) - (cut - 1),
                org.assertj.core.data.Offset.offset(1e-6));
        double marker = index.getAsJsonArray("markers").get(0).getAsJsonArray().get(0).getAsDouble();
        assertThat(marker).as("the marker is where line 120 plays").isEqualTo(events.get(119).get(0).getAsDouble());
    }

    @Test
    void aWindowsSnapshotIsTheRowsLinesBeforeIt() throws Exception {
        JsonObject window = get("/api/replay/cast/" + CAST + "/window?idle=off&from=101&to=110&at=0");
        String init = window.getAsJsonObject("snapshot").get("init").getAsString();
        assertThat(init).startsWith("\033[32mline 61\033[0m\r\n").endsWith("\033[32mline 100\033[0m\r\n");
        assertThat(init.split("\r\n")).hasSize(40);
        assertThat(window.getAsJsonArray("events")).hasSize(10);
    }

    @Test
    void aFullScreenProgramsSnapshotStartsWhereItClearedTheScreen() throws Exception {
        String init = get("/api/replay/cast/" + TUI + "/window?from=90&to=100&at=0").getAsJsonObject("snapshot")
                .get("init").getAsString();
        assertThat(init).startsWith("\033[?1049h\033[2J\033[Hthe header\r\n").endsWith("counter 89\r\n")
                .contains("counter 3\r\n").doesNotContain("starting");
        // It left the alternate screen since: the last lines, as for line-oriented output.
        String left = get("/api/replay/cast/" + LEFT + "/window?from=90&to=100&at=0").getAsJsonObject("snapshot")
                .get("init").getAsString();
        assertThat(left).startsWith("\033[" + (3 + 50 % 5) + ";1Hcounter 50\r\n").endsWith("counter 89\r\n")
                .doesNotContain("the header");
    }

    @Test
    void pastFiveHundredMarkersTheSeekBarKeepsOneASpan() throws Exception {
        JsonArray markers = get("/api/replay/cast/" + MANY + "?idle=2").getAsJsonArray("markers");
        assertThat(markers.size()).isBetween(400, 500);
        double previous = -1;
        for (JsonElement m : markers) {
            assertThat(m.getAsJsonArray().get(0).getAsDouble()).isGreaterThan(previous);
            previous = m.getAsJsonArray().get(0).getAsDouble();
            assertThat(m.getAsJsonArray().get(1).getAsString()).startsWith("error: e");
        }
        assertThat(served.get("/api/query/session/" + MANY + "/markers").json().getAsJsonArray("markers")).hasSize(700);
    }

    @Test
    void badParametersAreA400NamingThem() throws Exception {
        assertBad("/api/replay/cast/" + CAST + "?idle=0", "idle must be off or in [0.1, 3600.0]");
        assertBad("/api/replay/cast/" + CAST + "?idle=soon", "idle must be a number");
        assertBad("/api/replay/cast/" + CAST + "?window=5", "window must be in [10, 20000]");
        assertBad("/api/replay/cast/" + CAST + "/window?from=1&to=30000", "a window holds at most 20000 lines");
        assertBad("/api/replay/cast/" + CAST + "/window?from=10&to=5", "to must be in [9,");
        assertBad("/api/replay/cast/" + CAST + "?speed=2", "speed");
        assertThat(served.get("/api/replay/cast/nosuchsession").status()).isEqualTo(404);
    }

    private void assertBad(String path, String detail) throws Exception {
        Served.Answer answer = served.get(path);
        assertThat(answer.status()).as(path).isEqualTo(400);
        assertThat(answer.json().get("detail").getAsString()).as(path).contains(detail);
    }
}
