package dev.tapedeck.store;

import static dev.tapedeck.store.TestSupport.T0;
import static dev.tapedeck.store.TestSupport.at;
import static dev.tapedeck.store.TestSupport.await;
import static dev.tapedeck.store.TestSupport.count;
import static dev.tapedeck.store.TestSupport.createSession;
import static dev.tapedeck.store.TestSupport.line;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteQueueTest {
    @TempDir
    Path dir;

    @Test
    void aLoneRowIsCommittedWithinTheBatchAgeWithoutAnyFurtherAppend() throws Exception {
        Path file = dir.resolve("t.db");
        try (Database db = Database.open(file, StoreConfig.DEFAULTS.withBatch(500, Duration.ofMillis(100)))) {
            createSession(db, "s-1", "claude", T0);
            long appendedAt = System.nanoTime();
            db.writes().append(line("s-1", 1, "lonely"));
            // No flush and no further append: only the age bound can commit the row. Another
            // process's view of the file is what counts.
            boolean visible = await(Duration.ofSeconds(10),
                    () -> count(file, "SELECT count(*) FROM output_chunks WHERE session_id = 's-1'") == 1);
            long waitedMillis = (System.nanoTime() - appendedAt) / 1_000_000;
            assertThat(visible).as("row committed by age").isTrue();
            // The bound is 100 ms; the margin absorbs a slow CI machine, not a missed deadline
            // (a writer waiting for a full batch of 500 would never commit it).
            assertThat(waitedMillis).as("ms from append to visible").isLessThan(100 + 1_500);
            // The writer counts a batch just after its commit is visible.
            assertThat(await(Duration.ofSeconds(10), () -> db.writes().stats().written() == 2)).isTrue();
        }
    }

    @Test
    void aFullBatchIsCommittedWithoutWaitingForItsAge() throws Exception {
        Path file = dir.resolve("t.db");
        try (Database db = Database.open(file, StoreConfig.DEFAULTS.withBatch(3, Duration.ofSeconds(60)))) {
            db.writes().append(NewSession.of("s-1", "claude", T0));
            db.writes().append(line("s-1", 1, "a"));
            db.writes().append(line("s-1", 2, "b"));
            boolean visible = await(Duration.ofSeconds(10),
                    () -> count(file, "SELECT count(*) FROM process_sessions") == 1);
            assertThat(visible).as("batch of 3 committed long before its 60 s age").isTrue();
        }
    }

    @Test
    void aFailingWriteIsRolledBackWholeWhileTheRestOfItsBatchIsKept() {
        Path file = dir.resolve("t.db");
        List<StoreException> failures = new CopyOnWriteArrayList<>();
        try (Database db = Database.open(file)) {
            db.writes().onFailure(failures::add);
            createSession(db, "s-1", "claude", T0);
            db.writes().append(line("s-1", 1, "kept"));
            // The block row would insert, then its occurrence fails on the unknown session:
            // neither may remain.
            db.writes().append(new CodeBlock("claude", "ghost", at(1), "sh", "ls", 2, 2, null, null, true));
            db.writes().append(Extraction.of("claude", "s-1", at(1), "error", "p", "kept too"));
            db.writes().append(new SessionEnd("ghost", SessionStatus.COMPLETED, 0, at(2), 0, null));
            db.writes().append(line("s-1", 2, "kept three"));
            db.flush();

            assertThat(count(file, "SELECT count(*) FROM code_blocks")).isZero();
            assertThat(count(file, "SELECT count(*) FROM code_block_occurrences")).isZero();
            assertThat(count(file, "SELECT count(*) FROM process_state_changes")).isZero();
            assertThat(count(file, "SELECT count(*) FROM extraction_events")).isEqualTo(1);
            assertThat(db.output().listLines("s-1", 1, 10, null)).extracting(OutputLine::text)
                    .containsExactly("kept", "kept three");
            assertThat(db.sessions().get("s-1").totals().extractionEvents()).isEqualTo(1);
            assertThat(db.sessions().get("s-1").totals().codeBlocks()).isZero();
            WriterStats stats = db.writes().stats();
            assertThat(stats.failedBatches()).isEqualTo(1);
            assertThat(stats.failed()).isEqualTo(2);
            assertThat(stats.failedLines()).isZero();
            assertThat(failures).hasSize(1);
            assertThat(failures.get(0)).hasMessageContaining("commit batch of 5 writes failed; 2 lost (0 lines)");

            db.writes().append(line("s-1", 3, "after"));
            db.flush();
            assertThat(db.output().listLines("s-1", 3, 10, null)).extracting(OutputLine::text).containsExactly("after");
        }
    }

    @Test
    void aBatchThatCannotBeWrittenIsReportedAndTheWriterKeepsGoing() throws Exception {
        Path file = dir.resolve("t.db");
        List<StoreException> failures = new CopyOnWriteArrayList<>();
        try (Database db = openWithBusyTimeout(file, Duration.ofMillis(100), failures)) {
            whileLocked(file, () -> {
                db.writes().append(line("s-1", 1, "lost while locked"));
                db.flush();
            });
            assertThat(db.writes().stats().failedLines()).isEqualTo(1);
            assertThat(db.writes().stats().droppedLines()).isEqualTo(1);
            assertThat(failures).hasSize(1);
            assertThat(failures.get(0).getMessage()).contains("1 lost (1 lines)");

            db.writes().append(line("s-1", 2, "written after"));
            db.flush();
            assertThat(db.output().listLines("s-1", 1, 10, null)).extracting(OutputLine::text)
                    .containsExactly("written after");
        }
    }

    @Test
    void linesQueuedOrInFlightWhileTheDatabaseIsLockedAreCountedAsUncommittedUntilWrittenOrFailed()
            throws Exception {
        Path file = dir.resolve("t.db");
        try (Database db = openWithBusyTimeout(file, Duration.ofSeconds(30), new CopyOnWriteArrayList<>())) {
            db.writes().append(line("s-1", 1, "before"));
            db.flush();
            assertThat(db.writes().stats().uncommittedLines()).isZero();
            whileLocked(file, () -> {
                db.writes().append(new OutputLines(List.of(line("s-1", 2, "a"), line("s-1", 3, "b"))));
                db.writes().append(line("s-1", 4, "c"));
                assertThat(db.writes().flush(Duration.ofMillis(200), Duration.ofSeconds(1))).as("flushed").isFalse();
                WriterStats stats = db.writes().stats();
                assertThat(stats.uncommittedLines()).as("%s", stats).isEqualTo(3);
            });
            db.flush();
            WriterStats stats = db.writes().stats();
            assertThat(stats.uncommittedLines()).as("%s", stats).isZero();
            assertThat(stats.writtenLines()).isEqualTo(4);
            assertThat(stats.appendedLines()).isEqualTo(4);
        }
    }

    @Test
    void aBatchSavedWriteByWriteOnceALockIsGoneLosesNothingAndIsNoFailure() throws Exception {
        Path file = dir.resolve("t.db");
        List<StoreException> failures = new CopyOnWriteArrayList<>();
        try (Database db = openWithBusyTimeout(file, Duration.ofSeconds(2), failures)) {
            whileLocked(file, () -> {
                db.writes().append(line("s-1", 1, "saved on its own"));
                // The batch has failed for the lock; its writes are now tried one by one, each
                // waiting up to the busy timeout: the lock goes meanwhile.
                assertThat(await(Duration.ofSeconds(30), () -> db.writes().stats().failedBatches() == 1)).isTrue();
            });
            db.flush();
            assertThat(db.writes().stats().failedLines()).isZero();
            assertThat(failures).as("nothing lost, nothing to report").isEmpty();
            assertThat(db.output().listLines("s-1", 1, 10, null)).extracting(OutputLine::text)
                    .containsExactly("saved on its own");
        }
    }

    /** A database with session s-1 whose writer waits busy for a lock and reports failures to failures. */
    private static Database openWithBusyTimeout(Path file, Duration busy, List<StoreException> failures) {
        Database db = Database.open(file, new StoreConfig(500, Duration.ofMillis(20), 1000, 1 << 20, busy, 2, 2L << 20));
        db.writes().onFailure(failures::add);
        createSession(db, "s-1", "claude", T0);
        return db;
    }

    @FunctionalInterface
    private interface Body {
        void run() throws Exception;
    }

    /** Runs body while another connection holds the database's write lock. */
    private static void whileLocked(Path file, Body body) throws Exception {
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = other.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            body.run();
            s.execute("ROLLBACK");
        }
    }

    @Test
    void aLockedDatabaseNeverBlocksProducersAndFullQueueRejectionsAreCounted() throws Exception {
        Path file = dir.resolve("t.db");
        StoreConfig config = new StoreConfig(4, Duration.ofMillis(50), 16, 1 << 20, Duration.ofSeconds(60), 2, 2L << 20);
        try (Database db = Database.open(file, config)) {
            createSession(db, "s-1", "claude", T0);
            long[] accepted = {0};
            whileLocked(file, () -> {
                for (int i = 1; i <= 41; i++) {
                    accepted[0] += db.writes().append(line("s-1", i, "line " + i)) ? 1 : 0;
                }
            });
            WriterStats stats = db.writes().stats();
            // The writer holds at most one batch of 4; the queue holds 16.
            assertThat(stats.rejected()).isGreaterThanOrEqualTo(41 - 4 - 16);
            assertThat(stats.rejectedLines()).isEqualTo(stats.rejected());
            assertThat(stats.appended() - 1).isEqualTo(accepted[0]);
            db.flush();
            assertThat(db.sessions().get("s-1").totals().lines()).isEqualTo(accepted[0]);
        }
    }

    @Test
    void linesAppendedTogetherAreAcceptedOrRejectedTogetherAndCountedAsLines() {
        Path file = dir.resolve("t.db");
        StoreConfig config = new StoreConfig(4, Duration.ofMillis(50), 16, 1 << 20, Duration.ofSeconds(60), 2, 2L << 20);
        try (Database db = Database.open(file, config)) {
            createSession(db, "s-1", "claude", T0);
            assertThat(db.writes().append(lines(1, 7))).isTrue();
            assertThat(db.writes().append(lines(8, 24))).as("17 lines never fit a queue of 16 writes").isFalse();
            assertThat(db.writes().append(lines(25, 31))).isTrue();
            db.flush();
            WriterStats stats = db.writes().stats();
            assertThat(stats.rejected()).isEqualTo(17);
            assertThat(stats.rejectedLines()).isEqualTo(17);
            assertThat(stats.appended()).isEqualTo(1 + 7 + 7);
            assertThat(stats.written()).isEqualTo(1 + 7 + 7);
            List<Long> expected = new java.util.ArrayList<>();
            java.util.stream.LongStream.rangeClosed(1, 7).forEach(expected::add);
            java.util.stream.LongStream.rangeClosed(25, 31).forEach(expected::add);
            assertThat(db.output().listLines("s-1", 1, 100, null)).extracting(OutputLine::number)
                    .containsExactlyElementsOf(expected);
            assertThat(db.sessions().get("s-1").totals().lines()).isEqualTo(14);
        }
    }

    @Test
    void theByteBoundIsGivenBackAsWritesAreCommitted() {
        // 64 KiB of room; each group of 80 lines of 200 characters weighs about 37 KB.
        StoreConfig config = new StoreConfig(500, Duration.ofMillis(50), 10_000, 1 << 16, Duration.ofSeconds(60), 2,
                2L << 20);
        try (Database db = Database.open(dir.resolve("t.db"), config)) {
            createSession(db, "s-1", "claude", T0);
            long number = 0;
            for (int round = 0; round < 20; round++) {
                List<OutputLine> group = new java.util.ArrayList<>();
                for (int i = 0; i < 80; i++) {
                    group.add(line("s-1", ++number, "x".repeat(200)));
                }
                assertThat(db.writes().append(new OutputLines(group))).as("round " + round).isTrue();
                assertThat(db.writes().append(line("s-1", ++number, "y".repeat(200)))).isTrue();
                db.flush();
                assertThat(db.writes().isBelowHalf()).as("round " + round).isTrue();
            }
            assertThat(db.writes().stats().rejected()).isZero();
            assertThat(db.sessions().get("s-1").totals().lines()).isEqualTo(number);
        }
    }

    private static OutputLines lines(long from, long to) {
        List<OutputLine> lines = new java.util.ArrayList<>();
        for (long n = from; n <= to; n++) {
            lines.add(line("s-1", n, "line " + n));
        }
        return new OutputLines(lines);
    }

    @Test
    void closeCommitsEverythingStillQueued() {
        Path file = dir.resolve("t.db");
        Database db = Database.open(file, StoreConfig.DEFAULTS.withBatch(500, Duration.ofSeconds(30)));
        db.writes().append(NewSession.of("s-1", "claude", T0));
        for (int i = 1; i <= 1234; i++) {
            db.writes().append(line("s-1", i, "line " + i));
        }
        db.close();
        try (Database reopened = Database.open(file)) {
            assertThat(reopened.sessions().get("s-1").totals().lines()).isEqualTo(1234);
            assertThat(reopened.output().listLines("s-1", 1234, 1, null)).extracting(OutputLine::text)
                    .containsExactly("line 1234");
        }
    }
}
