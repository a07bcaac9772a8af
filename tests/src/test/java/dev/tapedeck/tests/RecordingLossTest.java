package dev.tapedeck.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tapedeck.store.Database;
import dev.tapedeck.store.Session;
import dev.tapedeck.store.SessionStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit's silent loss, through the built CLI: a recorder that falls behind either records every
 * line or says, exactly, how many it lost: in the session's dropped_lines, in {@code db dump} and in
 * one line on stderr.
 */
class RecordingLossTest {
    private static final int LINES = 3000;
    /**
     * The audit's line ('a.B: x', 10,000 spaces, 'y') behind 'error: ', 3,000 times. A bare
     * 'a.B: x' is no longer an exception without frames under it, so the line says 'error: ' to
     * stay one that gives an event.
     */
    private static final String HOSTILE = "awk 'BEGIN { for (j = 0; j < 10000; j++) s = s \" \"; for (i = 0; i < "
            + LINES + "; i++) print \"error: a.B: x\" s \"y\" }'";
    /** The audit's line itself, which the old qualified_exception pattern took 20 ms on. */
    private static final String AUDITS = "awk 'BEGIN { for (j = 0; j < 10000; j++) s = s \" \"; for (i = 0; i < "
            + LINES + "; i++) print \"a.B: x\" s \"y\" }'";

    @TempDir
    Path dir;

    @Test
    void theAuditsHostileLongLinesAreAllRecordedWithTheirEvents() throws Exception {
        Path db = dir.resolve("s2.db");
        TestSupport.Result run = TestSupport.tapedeck(dir, Map.of(), null, "run", "--quiet", "--db", db.toString(),
                "--session-id", "s2", "--", "sh", "-c", HOSTILE);

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines().count()).isEqualTo(LINES);
        try (Database database = Database.open(db)) {
            Session session = database.sessions().get("s2");
            assertThat(session.status()).as(run.stderr()).isEqualTo(SessionStatus.COMPLETED);
            assertThat(session.totals().lines() + session.totals().droppedLines()).as("recorded + dropped")
                    .isEqualTo(LINES);
            if (session.totals().droppedLines() > 0) {
                assertThat(run.stderr()).contains("lost " + session.totals().droppedLines() + " of " + LINES + " lines");
            } else {
                assertThat(run.stderr()).as(run.stderr()).doesNotContain("lost");
            }
            // The pattern is linear now: a line takes it microseconds. Every line recorded has its
            // event or is counted in the end's extraction_budget_overruns (a match held up past
            // 100 ms of wall time on a very loaded machine would be).
            String end = database.sessions().listStateChanges("s2").get(1).metadataJson();
            Matcher overruns = Pattern.compile("\"extraction_budget_overruns\":\\{([^}]*)}").matcher(end == null ? "" : end);
            long overrun = 0;
            if (overruns.find()) {
                for (Matcher n = Pattern.compile(":(\\d+)").matcher(overruns.group(1)); n.find(); ) {
                    overrun += Long.parseLong(n.group(1));
                }
            }
            // A recorder that gave up (lines dropped) ends its extractor without waiting on the
            // store: the event a stream still held for its last recorded line (an 'error:' line
            // waits for a '-->' under it) may not fit, one per stream at most.
            long missing = session.totals().lines() - (session.totals().extractionEvents() + overrun);
            assertThat(missing).as(run.stderr()).isBetween(0L, session.totals().droppedLines() > 0 ? 2L : 0L);
            assertThat(overrun).as("lines past the budget").isLessThan(LINES / 100);
        }
    }

    @Test
    void aRecorderStillBehindThirtySecondsAfterTheOutputEndsCountsEveryLineItDidNotRecordAndSaysSo()
            throws Exception {
        // The old default qualified_exception, put back by a user's file (same name), runs out its 20 ms
        // budget on every line: 3,000 lines are a minute of work, and the run waits for the recorder
        // 30 s after the output ends.
        Path patterns = dir.resolve("slow.json");
        Files.writeString(patterns, """
                {"patterns": [{"name": "qualified_exception", "event_type": "exception", "priority": 79, "final": true,
                  "regex": "^(?<type>[a-z_]\\\\w*(?:\\\\.[a-z_]\\\\w*)*\\\\.[A-Z]\\\\w*): (?<value>.+?)\\\\s*$",
                  "keywords": [": "]}]}""");
        Path db = dir.resolve("s3.db");
        long started = System.nanoTime();
        TestSupport.Result run = TestSupport.tapedeck(dir, Map.of(), null, "run", "--quiet", "--db", db.toString(),
                "--patterns", patterns.toString(), "--session-id", "s3", "--", "sh", "-c", AUDITS);
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines().count()).isEqualTo(LINES);
        assertThat(seconds).as("returned after %d s", seconds).isLessThan(60);
        long dropped;
        try (Database database = Database.open(db)) {
            Session session = database.sessions().get("s3");
            dropped = session.totals().droppedLines();
            assertThat(session.status()).isEqualTo(SessionStatus.COMPLETED);
            assertThat(dropped).as("dropped").isPositive();
            assertThat(session.totals().lines() + dropped).as("recorded + dropped").isEqualTo(LINES);
            assertThat(database.output().listLines("s3", 1, LINES + 1, null)).hasSize((int) session.totals().lines());
        }
        assertThat(run.stderr()).as(run.stderr()).contains("tapedeck: warning: session s3: lost " + dropped + " of "
                + LINES + " lines (the recorder was still behind 30 s after the command's output ended); its"
                + " dropped_lines is " + dropped + "\n");
        TestSupport.Result dump = TestSupport.tapedeck(dir, Map.of(), null, "db", "dump", "--db", db.toString());
        assertThat(dump.exitCode()).isZero();
        assertThat(dump.out()).contains("\"session_id\":\"s3\"").contains("\"dropped_lines\":" + dropped + ",");
        assertThat(new String(dump.stdout(), StandardCharsets.UTF_8).lines().count()).isEqualTo(1);
        TestSupport.Result stats = TestSupport.tapedeck(dir, Map.of(), null, "db", "stats", "--json", "--db",
                db.toString());
        assertThat(stats.out()).contains("\"dropped_lines\":" + dropped + ",\"sessions_with_dropped_lines\":1,");
    }
}
