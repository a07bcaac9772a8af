package dev.tapedeck.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tapedeck.store.Database;
import dev.tapedeck.store.OutputLine;
import dev.tapedeck.store.Session;
import dev.tapedeck.store.SessionStatus;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Background jobs the command leaves behind behave as they would without tapedeck: what they print
 * within the grace after the command's exit is passed through and recorded, and after the grace they
 * are left running, never killed by a pipe without a reader (SIGPIPE) or a terminal hang-up (SIGHUP).
 */
class BackgroundJobTest {
    /** The audit's reproduction: without tapedeck, "late" is printed and m is made. */
    private static final String LATE_JOB = "(sleep 1; echo late; touch m) & exit 3";
    /** A job that outlives a grace of 1 s: it prints on both streams 5 s after the command exited. */
    private static final String LONG_JOB = "(sleep 5; echo after; echo after-err >&2; touch m) & echo before; exit 7";

    @TempDir
    Path dir;

    @Test
    void aJobsLateLineIsPrintedAndRecordedAndItsFileMadeWithinTheGraceWithPipes() throws Exception {
        Run run = run("late", "5", "never", LATE_JOB);
        assertThat(run.exitCode).isEqualTo(3);
        assertThat(dir.resolve("m")).as("made before run returned").exists();
        assertThat(run.stdout()).isEqualTo("late\n");
        assertThat(lines("late")).containsExactly("late");
        assertThat(session("late").status()).isEqualTo(SessionStatus.FAILED);
    }

    @Test
    void aJobsLateLineIsPrintedAndRecordedAndItsFileMadeWithinTheGraceOnAPty() throws Exception {
        Run run = run("late-pty", "5", "always", LATE_JOB);
        assertThat(run.exitCode).isEqualTo(3);
        assertThat(dir.resolve("m")).as("made before run returned").exists();
        assertThat(run.stdout()).isEqualTo("late\r\n");
        assertThat(lines("late-pty")).containsExactly("late");
    }

    /**
     * The run returns the command's exit code about a grace after the command's exit, while the job
     * still sleeps; the job goes on, and what it prints then reaches tapedeck's own stdout and stderr
     * (here files) through the copier, unrecorded.
     */
    @Test
    void aJobThatOutlivesTheGraceIsLeftRunningAndItsLaterOutputGoesOnUnrecordedWithPipes() throws Exception {
        Run run = run("long", "1", "never", LONG_JOB);
        assertThat(run.exitCode).isEqualTo(7);
        assertThat(dir.resolve("m")).as("run waited for the job, not the grace").doesNotExist();
        assertThat(run.stderr()).contains("the command's output (stdout, stderr) is still open 1 s after it exited"
                + " (a background job holds it); recording stops here, the rest goes on to tapedeck's own, unrecorded");
        assertThat(TestSupport.await(30, () -> Files.exists(dir.resolve("m")))).as("job killed before touch").isTrue();
        assertThat(TestSupport.await(10, () -> run.stdout().equals("before\nafter\n"))).as("stdout: " + run.stdout())
                .isTrue();
        assertThat(TestSupport.await(10, () -> run.stderr().endsWith("after-err\n"))).as("stderr: " + run.stderr())
                .isTrue();
        assertThat(lines("long")).containsExactly("before");
        assertThat(session("long").exitCode()).isEqualTo(7);
    }

    /** On a PTY the job survives too; what it prints after the grace has no terminal left (lost, EIO). */
    @Test
    void aJobThatOutlivesTheGraceIsLeftRunningOnAPty() throws Exception {
        Run run = run("long-pty", "1", "always", LONG_JOB);
        assertThat(run.exitCode).isEqualTo(7);
        assertThat(dir.resolve("m")).as("run waited for the job, not the grace").doesNotExist();
        assertThat(TestSupport.await(30, () -> Files.exists(dir.resolve("m")))).as("job killed before touch").isTrue();
        assertThat(run.stdout()).isEqualTo("before\r\n");
        assertThat(lines("long-pty")).containsExactly("before");
    }

    /** SIGTERM still reaches the command and its job; what the job says as it ends is recorded. */
    @Test
    void aJobsLastWordsAfterSigtermAreRecordedAndTheExitCodeIsTheCommands() throws Exception {
        Process process = start("term", "5", "never",
                "(trap 'sleep 0.3; echo job got TERM; exit 0' TERM; while :; do sleep 0.05; done) & echo ready; wait");
        assertThat(TestSupport.await(30, () -> read(dir.resolve("term.out")).contains("ready"))).isTrue();
        new ProcessBuilder("kill", "-s", "TERM", Long.toString(process.pid())).start().waitFor();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("tapedeck exited").isTrue();
        assertThat(process.exitValue()).isEqualTo(143);
        assertThat(read(dir.resolve("term.out"))).isEqualTo("ready\njob got TERM\n");
        // The job's shell may add "Terminated" on stderr for its sleep.
        assertThat(lines("term")).filteredOn(line -> !line.equals("Terminated")).containsExactly("ready", "job got TERM");
        assertThat(session("term").status()).isEqualTo(SessionStatus.KILLED);
    }

    /**
     * Without a temporary folder to make the FIFOs in, the command still runs, passed through and
     * recorded, on Java's pipes (which close when it exits), after one warning.
     */
    @Test
    void withoutATemporaryFolderForTheFifosTheCommandStillRunsOnJavasPipes() throws Exception {
        Process process = start("no-tmp", "5", "never", "echo out; echo err >&2; exit 6",
                "-Djava.io.tmpdir=" + dir.resolve("missing"), "-Dorg.sqlite.tmpdir=" + dir);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("tapedeck exited").isTrue();
        assertThat(process.exitValue()).isEqualTo(6);
        assertThat(read(dir.resolve("no-tmp.out"))).isEqualTo("out\n");
        assertThat(read(dir.resolve("no-tmp.err"))).startsWith("tapedeck: warning: session no-tmp: cannot make the"
                + " pipes for the command's output (").contains("; using Java's, which close when the command exits:"
                + " background jobs it leaves may die of SIGPIPE\n").endsWith("err\n");
        assertThat(lines("no-tmp")).containsExactlyInAnyOrder("out", "err");
    }

    private Run run(String sessionId, String grace, String pty, String script) throws Exception {
        Process process = start(sessionId, grace, pty, script);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("tapedeck exited").isTrue();
        return new Run(process.exitValue(), dir.resolve(sessionId + ".out"), dir.resolve(sessionId + ".err"));
    }

    private Process start(String sessionId, String grace, String pty, String script, String... jvmOptions)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(TestSupport.javaBin(), "-Xmx256m"));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-jar", TestSupport.JAR.toAbsolutePath().toString(), "run", "--db",
                dir.resolve("t.db").toString(), "--session-id", sessionId, "--grace", grace, "--pty", pty, "--quiet",
                "--", "sh", "-c", script));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(dir.resolve(sessionId + ".out").toFile())
                .redirectError(dir.resolve(sessionId + ".err").toFile());
        builder.environment().remove("TAPEDECK_DB");
        return builder.start();
    }

    private List<String> lines(String sessionId) {
        try (Database db = Database.open(dir.resolve("t.db"))) {
            return db.output().listLines(sessionId, 1, 100, null).stream().map(OutputLine::text).toList();
        }
    }

    private Session session(String sessionId) {
        try (Database db = Database.open(dir.resolve("t.db"))) {
            return db.sessions().get(sessionId);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    private record Run(int exitCode, Path out, Path err) {
        String stdout() {
            return read(out);
        }

        String stderr() {
            return read(err);
        }
    }
}
