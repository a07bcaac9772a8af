package dev.tapedeck.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tapedeck.store.Database;
import dev.tapedeck.store.Session;
import dev.tapedeck.store.SessionStatus;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disk fills up under a recording: simulated with a file size limit ({@code ulimit -f}, so that
 * writes past 2 MiB fail as they would on a full disk) around tapedeck, whose own output goes to a
 * pipe. The child must not notice.
 */
class FullDiskTest {
    private static final int LINES = 200_000;

    @TempDir
    Path dir;

    @Test
    void aFullDiskCostsTheRecordingNotTheChild() throws Exception {
        fillUp(dir.resolve("t.db"), "ulimit -f 2048; ", () -> { });
    }

    /**
     * The real thing, where it can be had: the database on a 4 MiB tmpfs that fills up (ENOSPC).
     * Mounting needs root; elsewhere this test is skipped and the one above stands in for it.
     */
    @Test
    void aReallyFullFileSystemCostsTheRecordingNotTheChild() throws Exception {
        Path mount = Files.createDirectories(dir.resolve("small"));
        TestSupport.Result mounted = TestSupport.run(List.of("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs",
                mount.toString()), dir, Map.of(), null);
        org.junit.jupiter.api.Assumptions.assumeTrue(mounted.exitCode() == 0,
                "cannot mount a tmpfs here (needs root): " + mounted.stderr().strip());
        try {
            fillUp(mount.resolve("t.db"), "", () -> {
                String[] df = TestSupport.run(List.of("df", "--output=avail", mount.toString()), dir, Map.of(), null)
                        .out().strip().split("\\s+");
                assertThat(df[df.length - 1]).as("free space left on the small file system").isEqualTo("0");
                // Space again, as when the user has cleaned up.
                assertThat(TestSupport.run(List.of("mount", "-o", "remount,size=16m", mount.toString()), dir, Map.of(),
                        null).exitCode()).isZero();
            });
        } finally {
            TestSupport.run(List.of("umount", "-l", mount.toString()), dir, Map.of(), null);
        }
    }

    /** A session that fills the disk; then makeRoom runs and the next tapedeck opens the file. */
    private void fillUp(Path db, String limit, Room makeRoom) throws Exception {
        String child = "i=0; while [ $i -lt " + LINES + " ]; do echo \"line $i of a long run to fill the disk\";"
                + " i=$((i + 1)); done; exit 7";
        String script = limit + "exec '" + TestSupport.javaBin() + "' -Xmx256m -jar '"
                + TestSupport.JAR.toAbsolutePath() + "' run --db '" + db + "' --session-id full -- sh -c '"
                + child.replace("'", "'\\''") + "'";
        Process process = new ProcessBuilder("bash", "-c", script).directory(dir.toFile())
                .redirectError(dir.resolve("stderr.txt").toFile()).start();
        long[] lines = new long[1];
        Thread reader = new Thread(() -> lines[0] = countLines(process.getInputStream()), "stdout-reader");
        reader.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        reader.join(10_000);
        // Every line reached our stdout and the exit code is the child's.
        assertThat(lines[0]).isEqualTo(LINES);
        assertThat(process.exitValue()).isEqualTo(7);
        String stderr = Files.readString(dir.resolve("stderr.txt"));
        assertThat(stderr).containsOnlyOnce("tapedeck: warning: session full: recording failed");

        // What was committed is intact. The session's end is a small write into pages freed by
        // failed batches: it either made it (failed, exit 7), or the session is found left running
        // and ended as interrupted by the next tapedeck to open the file once there is space again.
        assertThat(TestSupport.run(List.of("sqlite3", db.toString(), "PRAGMA integrity_check"), dir, Map.of(), null)
                .out().strip()).isEqualTo("ok");
        TestSupport.Result stats = TestSupport.tapedeck(dir, Map.of(), null, "db", "check", "--db", db.toString());
        assertThat(stats.exitCode()).isZero();
        makeRoom.make();
        TestSupport.Result next = TestSupport.tapedeck(dir, Map.of(), null, "run", "--quiet", "--db", db.toString(),
                "--", "true");
        assertThat(next.exitCode()).isZero();
        assertThat(TestSupport.await(10, () -> status(db) != SessionStatus.RUNNING)).isTrue();
        try (Database database = Database.open(db)) {
            Session session = database.sessions().get("full");
            assertThat(session.totals().lines()).isPositive().isLessThan(LINES);
            if (session.status() == SessionStatus.FAILED) {
                assertThat(session.exitCode()).isEqualTo(7);
            } else {
                assertThat(session.status()).isEqualTo(SessionStatus.INTERRUPTED);
            }
        }
    }

    private static SessionStatus status(Path db) {
        try (Database database = Database.open(db)) {
            return database.sessions().get("full").status();
        }
    }

    private static long countLines(InputStream in) {
        long n = 0;
        byte[] buffer = new byte[1 << 16];
        try (in) {
            int read;
            while ((read = in.read(buffer)) != -1) {
                for (int i = 0; i < read; i++) {
                    if (buffer[i] == '\n') {
                        n++;
                    }
                }
            }
        } catch (java.io.IOException e) {
            return -1;
        }
        return n;
    }

    @FunctionalInterface
    private interface Room {
        void make() throws Exception;
    }
}
