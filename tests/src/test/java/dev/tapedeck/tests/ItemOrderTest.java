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
import dev.tapedeck.store.SessionEnd;
import dev.tapedeck.store.SessionStatus;
import dev.tapedeck.store.Stream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way out of the store gives a session's items in time order: the exports (asciicast v2 and
 * v3, ndjson, csv, har), the replay and the stored session stream. The recording is real output in
 * which an event found late (an error on stderr that waits for its detail lines while stdout goes
 * on printing events) was committed after later events: the v2 export then had a marker at
 * 0.151185 after output at 0.151324, and v3 hid it as an interval of 0.
 */
class ItemOrderTest {
    /**
     * stderr's error waits for its indented detail lines (up to 100 ms of silence); meanwhile stdout
     * prints two events and a code block. The short pauses make the order in which the two pipes are
     * read certain.
     */
    private static final String PROGRAM = """
            import sys, time
            e, o = sys.stderr, sys.stdout
            def say(f, text):
                f.write(text + "\\n"); f.flush(); time.sleep(0.02)
            say(e, "error: waits for its details on stderr")
            say(o, "warning: later on stdout")
            say(o, "```sh")
            say(o, "ls -la")
            say(o, "```")
            say(o, "error: later again on stdout")
            say(e, "    a detail line")
            say(e, "main.c:3:5: error: expected ';' before 'return'")
            say(o, "warning: between the excerpt's lines")
            say(e, "    3 |   x = 1")
            say(o, "done")
            """;

    @TempDir
    Path dir;

    private Path db;

    @BeforeEach
    void record() throws Exception {
        db = dir.resolve("t.db");
        Files.writeString(dir.resolve("prog.py"), PROGRAM);
        TestSupport.Result run = tapedeck(dir, Map.of(), null, "run", "--db", db.toString(), "--quiet",
                "--pty", "never", "--session-id", "order", "--", "python3", "prog.py");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
    }

    @Test
    void everyExportListsItemsInTimeOrder() throws Exception {
        List<BigDecimal> v2 = new ArrayList<>();
        List<String> v2Codes = new ArrayList<>();
        for (String line : export("asciicast").lines().skip(1).toList()) {
            JsonArray event = JsonParser.parseString(line).getAsJsonArray();
            v2.add(event.get(0).getAsBigDecimal());
            v2Codes.add(event.get(1).getAsString());
        }
        assertThat(v2Codes).as("markers and output both").contains("o", "m");
        assertNonDecreasing("asciicast v2", v2);

        // v3 writes intervals: added up they give v2's times, none of them clipped to 0.
        BigDecimal at = BigDecimal.ZERO;
        List<BigDecimal> v3 = new ArrayList<>();
        for (String line : export("asciicast-v3").lines().skip(1).toList()) {
            JsonArray event = JsonParser.parseString(line).getAsJsonArray();
            at = at.add(event.get(0).getAsBigDecimal());
            if (!event.get(1).getAsString().equals("x")) {
                v3.add(at);
            }
        }
        assertThat(v3).as("v3's times added up against v2's").usingElementComparator(BigDecimal::compareTo)
                .containsExactlyElementsOf(v2);

        List<Instant> ndjson = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        for (String line : export("ndjson").lines().toList()) {
            JsonObject item = JsonParser.parseString(line).getAsJsonObject();
            kinds.add(item.get("kind").getAsString());
            ndjson.add(Instant.parse(item.get("timestamp").getAsString()));
        }
        assertThat(kinds).contains("line", "extraction", "code_block", "state");
        assertNonDecreasing("ndjson", ndjson);

        List<Instant> csv = export("csv").lines().skip(1)
                .map(row -> Instant.parse(row.split("\",\"", -1)[1])).toList();
        assertThat(csv).hasSize(ndjson.size());
        assertNonDecreasing("csv", csv);

        List<Instant> har = new ArrayList<>();
        for (JsonElement entry : JsonParser.parseString(export("har")).getAsJsonObject().getAsJsonObject("log")
                .getAsJsonArray("entries")) {
            har.add(Instant.parse(entry.getAsJsonObject().get("startedDateTime").getAsString()));
        }
        assertThat(har).hasSize(ndjson.size());
        assertNonDecreasing("har", har);
    }

    @Test
    void theReplayAndTheStoredSessionStreamSendItemsInTimeOrder() throws Exception {
        try (Served served = Served.start(dir, db)) {
            List<Instant> replay = timesOf(served, "/api/replay/session/order?speed=100&max_gap=0.01", "replay_end");
            List<Instant> stream = timesOf(served, "/api/stream/session/order", "end");
            assertThat(stream).hasSize(replay.size()).hasSizeGreaterThan(10);
            assertNonDecreasing("replay", replay);
            assertNonDecreasing("session stream", stream);
        }
    }

    /**
     * A recording whose events were committed out of time order (by a tapedeck before the recorder
     * kept the order, or an event that waited past its bound) still exports in time order, in pages
     * (more events than one page holds).
     */
    @Test
    void eventsCommittedOutOfTimeOrderExportInTimeOrder() throws Exception {
        Path old = dir.resolve("old.db");
        Instant t0 = Instant.parse("2026-12-01T10:00:00Z");
        int count = 1200;
        try (Database database = Database.open(old)) {
            database.writes().append(NewSession.of("old", "agent", t0));
            for (int i = 1; i <= count; i++) {
                database.writes().append(OutputLine.of("old", i, Stream.STDOUT, t0.plusMillis(i), "error: number " + i));
            }
            // Committed newest first: ids run against time.
            for (int i = count; i >= 1; i--) {
                database.writes().append(Extraction.of("agent", "old", t0.plusMillis(i), "error", "generic_error",
                        "number " + i).withLine(i, "error: number " + i));
            }
            database.writes().append(new SessionEnd("old", SessionStatus.FAILED, 1, t0.plusMillis(count + 1), 0, null));
            database.flush();
        }
        TestSupport.Result cast = tapedeck(dir, Map.of(), null, "export", "old", "--db", old.toString(), "--format",
                "asciicast");
        assertThat(cast.exitCode()).as(cast.stderr()).isZero();
        List<BigDecimal> times = new ArrayList<>();
        List<String> markers = new ArrayList<>();
        for (String line : cast.out().lines().skip(1).toList()) {
            JsonArray event = JsonParser.parseString(line).getAsJsonArray();
            times.add(event.get(0).getAsBigDecimal());
            if (event.get(1).getAsString().equals("m")) {
                markers.add(event.get(2).getAsString());
            }
        }
        assertThat(times).hasSize(2 * count);
        assertNonDecreasing("asciicast v2 of an older recording", times);
        assertThat(markers).hasSize(count).startsWith("error: number 1", "error: number 2").endsWith("error: number " + count);

        TestSupport.Result ndjson = tapedeck(dir, Map.of(), null, "export", "old", "--db", old.toString());
        assertThat(ndjson.exitCode()).as(ndjson.stderr()).isZero();
        List<String> kinds = new ArrayList<>();
        List<Instant> at = new ArrayList<>();
        for (String line : ndjson.out().lines().toList()) {
            JsonObject item = JsonParser.parseString(line).getAsJsonObject();
            kinds.add(item.get("kind").getAsString());
            at.add(Instant.parse(item.get("timestamp").getAsString()));
        }
        assertNonDecreasing("ndjson of an older recording", at);
        // Each line, then the event found on it (the same time: lines first).
        List<String> recorded = kinds.stream().filter(kind -> !kind.equals("state")).toList();
        assertThat(recorded).hasSize(2 * count).startsWith("line", "extraction", "line", "extraction");
    }

    /** The timestamps of the recorded items a stream sends, until its event last. */
    private static List<Instant> timesOf(Served served, String path, String last) throws Exception {
        List<Instant> times = new ArrayList<>();
        try (Served.Sse sse = served.stream(path, null)) {
            for (Served.Frame frame : sse.until(last)) {
                if (List.of("line", "extraction", "code_block", "state").contains(frame.event())) {
                    times.add(Instant.parse(frame.json().get("timestamp").getAsString()));
                }
            }
        }
        return times;
    }

    private String export(String format) throws Exception {
        TestSupport.Result export = tapedeck(dir, Map.of(), null, "export", "order", "--db", db.toString(),
                "--format", format);
        assertThat(export.exitCode()).as(export.stderr()).isZero();
        return export.out();
    }

    private static <T extends Comparable<? super T>> void assertNonDecreasing(String what, List<T> times) {
        for (int i = 1; i < times.size(); i++) {
            assertThat(times.get(i)).as("%s: item %d at %s after %s", what, i, times.get(i), times.get(i - 1))
                    .isGreaterThanOrEqualTo(times.get(i - 1));
        }
    }
}
