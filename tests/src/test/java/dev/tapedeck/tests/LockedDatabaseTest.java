package dev.tapedeck.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tapedeck.store.Database;
import dev.tapedeck.store.Session;
import dev.tapedeck.store.SessionStatus;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A database that another process locks while a command runs costs recording, never output. */
class LockedDatabaseTest {
    /** More than the queue of `run` holds (32,768 writes), so that recording has to give way. */
    private static final int LINES = 100_000;

    @TempDir
    Path dir;

    @Test
    void aDatabaseLockedMidRunCostsRecordingNotOutputIsReportedOnceAndDropsAreCounted() throws Exception {
        Path db = dir.resolve("t.db");
        Path go = dir.resolve("go");
        Path done = dir.resolve("done");
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process process = new ProcessBuilder(TestSupport.javaBin(), "-Xmx256m", "-jar",
                TestSupport.JAR.toAbsolutePath().toString(), "run", "--db", db.toString(), "--quiet",
                "--session-id", "locked", "--", "sh", "-c",
                "echo first; while [ ! -e " + go + " ]; do sleep 0.05; done; seq 2 " + LINES
                        + "; while [ ! -e " + done + " ]; do sleep 0.05; done")
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            assertThat(TestSupport.await(30, () -> firstLineRecorded(db))).as("first line recorded").isTrue();
            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + db);
                 Statement lock = other.createStatement()) {
                lock.execute("BEGIN IMMEDIATE");
                Files.createFile(go);
                // The child runs to the end while the database is locked.
                assertThat(TestSupport.await(60, () -> lineCount(out) == LINES)).as("all output passed through").isTrue();
                // Held until recording has given way, as a database locked for a while would be.
                assertThat(TestSupport.await(60, () -> read(err).contains("warning"))).as("warned").isTrue();
                lock.execute("ROLLBACK");
            }
            // The lines lost show in the session's totals (and so in the metrics) while it still runs.
            assertThat(TestSupport.await(30, () -> runningWithDroppedLines(db))).as("drops counted while running")
                    .isTrue();
            Files.createFile(done);
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isZero();
        } finally {
            process.destroyForcibly();
        }
        String warnings = Files.readString(err);
        // Giving way is said once; a batch that then fails for the lock may be said once more, with its
        // cause; the end says how many lines were lost.
        assertThat(warnings.lines().filter(l -> l.startsWith("tapedeck: warning:") && !l.contains(": lost "))
                .count()).as(warnings).isBetween(1L, 2L);
        assertThat(warnings).as(warnings).containsOnlyOnce("recording cannot keep up");
        assertThat(warnings.split("recording failed", -1).length - 1).as(warnings).isLessThanOrEqualTo(1);
        try (Database database = Database.open(db)) {
            Session session = database.sessions().get("locked");
            assertThat(session.status()).isEqualTo(SessionStatus.COMPLETED);
            assertThat(session.totals().droppedLines()).isPositive();
            assertThat(session.totals().lines() + session.totals().droppedLines()).isEqualTo(LINES);
            assertThat(warnings).as(warnings).containsOnlyOnce("tapedeck: warning: session locked: lost "
                    + session.totals().droppedLines() + " of " + LINES + " lines (recording could not keep up, or the"
                    + " database failed); its dropped_lines is " + session.totals().droppedLines() + "\n");
        }
    }

    @Test
    void aDatabaseLockedFromTheStartNeitherDelaysTheCommandNorHoldsItsExitCodeLong() throws Exception {
        Path db = dir.resolve("t.db");
        Path started = dir.resolve("started");
        assertThat(TestSupport.tapedeck(dir, Map.of(), null, "run", "--quiet", "--db", db.toString(), "--", "true")
                .exitCode()).isZero();
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement lock = other.createStatement()) {
            lock.execute("BEGIN IMMEDIATE");
            long before = System.currentTimeMillis();
            TestSupport.Result run = TestSupport.tapedeck(dir, Map.of(), null, "run", "--quiet", "--db", db.toString(),
                    "--", "sh", "-c", "date +%s%3N > " + started + "; echo hi; exit 3");
            long seconds = (System.currentTimeMillis() - before) / 1000;
            long startedAfterMillis = Long.parseLong(Files.readString(started).trim()) - before;
            lock.execute("ROLLBACK");

            assertThat(run.exitCode()).isEqualTo(3);
            assertThat(new String(run.stdout(), StandardCharsets.UTF_8)).isEqualTo("hi\n");
            // Opening a database that needs no migration takes no write lock, so nothing waits for it.
            assertThat(startedAfterMillis).as("the command started at once").isLessThan(5_000);
            // The end gives up on a store that takes nothing for 20 s (LineRecorder.STALL), once for
            // all its flushes and the close, rather than per flush and close (40 s before).
            assertThat(seconds).as("returned %d s after it was started", seconds).isLessThan(30);
            assertThat(run.stderr()).as(run.stderr()).contains("not flushed in time")
                    .contains(" line(s) not yet committed, and the session's end").doesNotContain("[WARN]");
            // Apart from the end's count of lost lines, when the failed batch held the line.
            assertThat(run.stderr().lines().filter(l -> l.startsWith("tapedeck: warning:") && !l.contains(": lost "))
                    .count()).as(run.stderr()).isBetween(1L, 2L);
        }
    }

    private static boolean runningWithDroppedLines(Path db) {
        try (Database database = Database.open(db)) {
            return database.sessions().find("locked")
                    .map(s -> s.status() == SessionStatus.RUNNING && s.totals().droppedLines() > 0).orElse(false);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean firstLineRecorded(Path db) {
        if (!Files.exists(db)) {
            return false;
        }
        try (Database database = Database.open(db)) {
            return database.sessions().find("locked").map(s -> s.totals().lines() == 1).orElse(false);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (Exception e) {
            return "";
        }
    }

    private static long lineCount(Path file) {
        try (var lines = Files.lines(file)) {
            return lines.count();
        } catch (Exception e) {
            return -1;
        }
    }
}
