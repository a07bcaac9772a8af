package dev.tapedeck.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tapedeck.store.Database;
import dev.tapedeck.store.NewSession;
import dev.tapedeck.store.Session;
import dev.tapedeck.store.SessionStatus;
import dev.tapedeck.store.StateChange;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A recorder killed with SIGKILL: what survives, and how the next tapedeck finds its session. */
class CrashTest {
    @TempDir
    Path dir;

    private Path db() {
        return dir.resolve("t.db");
    }

    private Optional<Session> session(String id) {
        try (Database database = Database.open(db())) {
            return database.sessions().find(id);
        }
    }

    @Test
    void aKilledRecordersSessionIsMarkedInterruptedByTheNextTapedeckAndTheFileIsIntact() throws Exception {
        Process recorder = new ProcessBuilder(TestSupport.javaBin(), "-jar", TestSupport.JAR.toAbsolutePath().toString(),
                "run", "--quiet", "--db", db().toString(), "--session-id", "victim", "--", "sh", "-c",
                "echo started; exec sleep 120")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        List<ProcessHandle> children = List.of();
        try {
            assertThat(TestSupport.await(30, () -> session("victim").map(s -> s.totals().lines() == 1).orElse(false)))
                    .isTrue();
            children = recorder.descendants().toList();
            recorder.destroyForcibly();
            recorder.waitFor();
            // The child is not ours to kill: it runs on, as it would have without tapedeck.
            assertThat(children).isNotEmpty().allMatch(ProcessHandle::isAlive);
            assertThat(session("victim").orElseThrow().status()).isEqualTo(SessionStatus.RUNNING);

            // Any tapedeck that opens the database finds it.
            TestSupport.Result next = TestSupport.tapedeck(dir, Map.of(), null, "run", "--quiet", "--db",
                    db().toString(), "--", "true");
            assertThat(next.exitCode()).isZero();
            assertThat(TestSupport.await(10, () -> session("victim").orElseThrow().status()
                    == SessionStatus.INTERRUPTED)).isTrue();
        } finally {
            children.forEach(ProcessHandle::destroyForcibly);
        }
        try (Database database = Database.open(db())) {
            Session victim = database.sessions().get("victim");
            assertThat(victim.endedAt()).isEqualTo(database.output().findLastOutputTime("victim").orElseThrow());
            assertThat(database.sessions().listStateChanges("victim")).extracting(StateChange::state)
                    .containsExactly("started", "interrupted");
        }
        TestSupport.Result check = TestSupport.run(List.of("sqlite3", db().toString(), "PRAGMA integrity_check"), dir,
                Map.of(), null);
        assertThat(check.out().strip()).isEqualTo("ok");
    }

    @Test
    void aRunningDaemonMarksAKilledRecordersSessionInterruptedWithoutAnotherTapedeck() throws Exception {
        try (Served served = Served.start(dir, db())) {
            Process recorder = new ProcessBuilder(TestSupport.javaBin(), "-jar",
                    TestSupport.JAR.toAbsolutePath().toString(), "run", "--quiet", "--db", db().toString(),
                    "--session-id", "victim", "--", "sh", "-c", "echo started; exec sleep 120")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            List<ProcessHandle> children = List.of();
            try {
                assertThat(TestSupport.await(30, () -> session("victim").map(s -> s.totals().lines() == 1)
                        .orElse(false))).isTrue();
                children = recorder.descendants().toList();
                recorder.destroyForcibly();
                recorder.waitFor();
                // Nothing else opens the database: the daemon finds the session on its own.
                assertThat(TestSupport.await(30, () -> served.bodyOf("/api/query/session/victim")
                        .contains("\"status\":\"interrupted\""))).as("interrupted, as the daemon serves it").isTrue();
            } finally {
                children.forEach(ProcessHandle::destroyForcibly);
            }
        }
    }

    /**
     * SIGKILL loses at most what was printed in the last flush interval (the writer commits at least
     * every 200 ms): the child logs each line's number to a file as it prints it (written beside it
     * and renamed, so a read never sees it half written), so we know what had been printed when the
     * recorder died.
     */
    @Test
    void aKilledRecorderLosesAtMostTheLastFlushInterval() throws Exception {
        Path progress = dir.resolve("progress");
        Process recorder = new ProcessBuilder(TestSupport.javaBin(), "-jar", TestSupport.JAR.toAbsolutePath().toString(),
                "run", "--quiet", "--db", db().toString(), "--session-id", "ticking", "--", "sh", "-c",
                "i=1; while :; do echo \"tick $i\"; echo $i > " + progress + ".part; mv " + progress + ".part " + progress
                        + "; i=$((i + 1)); sleep 0.01; done")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        List<ProcessHandle> children = List.of();
        long printed;
        try {
            assertThat(TestSupport.await(30, () -> session("ticking").map(s -> s.totals().lines() > 100).orElse(false)))
                    .isTrue();
            children = recorder.descendants().toList();
            printed = Long.parseLong(Files.readString(progress).strip());
            recorder.destroyForcibly();
            recorder.waitFor();
        } finally {
            children.forEach(ProcessHandle::destroyForcibly);
        }
        long recorded = session("ticking").orElseThrow().totals().lines();
        // 200 ms of output is about 20 lines at one per 10 ms; allow for the loop running late.
        assertThat(recorded).as("printed %d before the kill", printed).isBetween(printed - 40, printed + 5);
        assertThat(TestSupport.run(List.of("sqlite3", db().toString(), "PRAGMA integrity_check"), dir, Map.of(), null)
                .out().strip()).isEqualTo("ok");
    }

    /**
     * In a flood, SIGKILL loses what the recorder's buffers hold (docs/operations.md gives the bound):
     * the tap's 32 MiB of output not yet cut into lines, plus the store's queue of 32,768 lines and the
     * writer's batch of up to 16,511, plus a pump's 64 KiB and the recorder's last 128 lines. The
     * lines are all 19 bytes, so the bound in lines is exact; what tapedeck passed through (its stdout)
     * is what the child printed.
     */
    @Test
    void aKilledRecorderInAFloodLosesAtMostWhatItsBuffersHold() throws Exception {
        Path passedThrough = dir.resolve("stdout");
        int lineBytes = "flood 000000000001\n".length();
        Process recorder = new ProcessBuilder(TestSupport.javaBin(), "-Xmx256m", "-jar",
                TestSupport.JAR.toAbsolutePath().toString(), "run", "--quiet", "--db", db().toString(),
                "--session-id", "flood", "--", "seq", "-f", "flood %012.0f", "1", "999999999999")
                .redirectOutput(passedThrough.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        List<ProcessHandle> children = List.of();
        try {
            assertThat(TestSupport.await(60, () -> recorded("flood") > 200_000)).isTrue();
            children = recorder.descendants().toList();
            recorder.destroyForcibly();
            recorder.waitFor();
        } finally {
            children.forEach(ProcessHandle::destroyForcibly);
        }
        long printed = Files.size(passedThrough) / lineBytes;
        long recorded = recorded("flood");
        long bound = ((32L << 20) + (2L << 16)) / lineBytes + 32_768 + 16_384 + 127 + 128 + 2;
        assertThat(printed - recorded).as("lost of %d printed, %d recorded; bound %d", printed, recorded, bound)
                .isBetween(0L, bound);
        // What is recorded is the beginning, without a gap.
        assertThat(sqlite("SELECT max(last_line) FROM output_chunks WHERE session_id = 'flood'"))
                .isEqualTo(String.valueOf(recorded));
        assertThat(sqlite("SELECT text FROM output_chunks WHERE session_id = 'flood' ORDER BY first_line DESC LIMIT 1")
                .lines().reduce((a, b) -> b).orElseThrow()).isEqualTo(String.format("flood %012d", recorded));
        assertThat(sqlite("PRAGMA integrity_check")).isEqualTo("ok");
    }

    private long recorded(String sessionId) {
        try {
            String sum = sqlite("SELECT coalesce(sum(line_count), 0) FROM output_chunks WHERE session_id = '"
                    + sessionId + "'");
            return sum.isEmpty() ? 0 : Long.parseLong(sum);
        } catch (Exception e) {
            return 0;
        }
    }

    private String sqlite(String sql) throws Exception {
        return TestSupport.run(List.of("sqlite3", db().toString(), sql), dir, Map.of(), null).out().strip();
    }

    @Test
    void aLiveRecorderIsLeftAloneAndAReusedPidIsNotMistakenForIt() throws Exception {
        Path go = dir.resolve("go");
        Process live = new ProcessBuilder(TestSupport.javaBin(), "-jar", TestSupport.JAR.toAbsolutePath().toString(),
                "run", "--quiet", "--db", db().toString(), "--session-id", "alive", "--", "sh", "-c",
                "echo up; while [ ! -f " + go + " ]; do sleep 0.05; done")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            assertThat(TestSupport.await(30, () -> session("alive").isPresent())).isTrue();
            // A session whose recorder pid is a live process (this JVM) that started at another time.
            String host = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            try (Database database = Database.open(db())) {
                database.writes().append(NewSession.of("reused", "agent", Instant.now()).withProcess(host, null,
                        ProcessHandle.current().pid(), Instant.parse("2020-01-01T00:00:00Z")));
                database.flush();
            }
            TestSupport.Result export = TestSupport.tapedeck(dir, Map.of(), null, "export", "reused", "--db",
                    db().toString(), "--format", "csv");
            assertThat(export.exitCode()).isZero();
            assertThat(export.out()).contains("\"state\",\"\",\"\",\"interrupted\"");
            assertThat(session("reused").orElseThrow().status()).isEqualTo(SessionStatus.INTERRUPTED);
            assertThat(session("alive").orElseThrow().status()).isEqualTo(SessionStatus.RUNNING);
        } finally {
            Files.writeString(go, "");
            live.waitFor();
        }
        assertThat(session("alive").orElseThrow().status()).isEqualTo(SessionStatus.COMPLETED);
    }

    @Test
    void aKilledDaemonLosesNothingAndARestartServesWhatWasRecordedMeanwhile() throws Exception {
        TestSupport.Result first = TestSupport.tapedeck(dir, Map.of(), null, "run", "--quiet", "--db",
                db().toString(), "--session-id", "before", "--", "sh", "-c", "echo one; echo 'Error: two'");
        assertThat(first.exitCode()).isZero();
        Served served = Served.start(dir, db());
        assertThat(served.get("/api/query/session/before/lines").json().getAsJsonArray("lines")).hasSize(2);
        // Let it index for search, then kill it in the middle of whatever it is doing.
        assertThat(TestSupport.await(20, () -> hits(served, "two") > 0)).isTrue();
        int hitsOfTwo = hits(served, "two");
        served.kill();
        TestSupport.Result meanwhile = TestSupport.tapedeck(dir, Map.of(), null, "run", "--quiet", "--db",
                db().toString(), "--session-id", "meanwhile", "--", "sh", "-c", "echo three");
        assertThat(meanwhile.exitCode()).isZero();
        assertThat(TestSupport.run(List.of("sqlite3", db().toString(), "PRAGMA integrity_check"), dir, Map.of(),
                null).out().strip()).isEqualTo("ok");
        try (Served again = Served.start(dir, db())) {
            assertThat(again.get("/api/query/session/before/lines").json().getAsJsonArray("lines")).hasSize(2);
            assertThat(again.get("/api/query/session/meanwhile/lines").json().getAsJsonArray("lines")).hasSize(1);
            assertThat(TestSupport.await(20, () -> hits(again, "three") == 1)).isTrue();
            assertThat(hits(again, "two")).isEqualTo(hitsOfTwo);
        }
    }

    private static int hits(Served served, String q) {
        try {
            return served.get("/api/query/search?q=" + q).json().get("total").getAsInt();
        } catch (Exception e) {
            return -1;
        }
    }
}
