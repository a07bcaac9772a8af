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
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signals sent to a running {@code tapedeck run} reach the child, and nothing outlives tapedeck. */
class SignalTest {
    @TempDir
    Path dir;

    @Test
    void sigtermReachesTheChildWhoseExitCodeIsPassedBackAndTheSessionEndsKilled() throws Exception {
        Running run = start("term", "5", "trap 'echo got TERM; exit 3' TERM; echo ready; while :; do sleep 0.05; done");
        run.signal("TERM");
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.stdout()).contains("got TERM");
        Session session = session("term");
        assertThat(session.status()).isEqualTo(SessionStatus.KILLED);
        assertThat(session.exitCode()).isEqualTo(3);
    }

    /** Lines printed in a burst just before SIGTERM are all in the database when tapedeck exits. */
    @Test
    void sigtermFlushesEverythingPrintedBeforeTapedeckExits() throws Exception {
        Running run = start("burst", "5", "trap 'exit 0' TERM; awk 'BEGIN { for (i = 1; i <= 200000; i++)"
                + " print \"burst \" i }'; echo ready; while :; do sleep 0.05; done");
        run.signal("TERM");
        assertThat(run.exitCode()).isZero();
        Session session = session("burst");
        // The shell may add a line of its own on stderr when its sleep is signalled.
        assertThat(session.totals().lines()).isBetween(200_001L, 200_003L);
        assertThat(session.totals().droppedLines()).isZero();
        try (Database db = Database.open(dir.resolve("t.db"))) {
            assertThat(db.output().listLines("burst", 200_000, 2, null)).extracting(OutputLine::text)
                    .containsExactly("burst 200000", "ready");
        }
    }

    @Test
    void whateverIgnoresTheSignalIsKilledAfterTheGraceAndNoDescendantSurvives() throws Exception {
        Running run = start("stubborn", "1",
                "trap '' TERM; sleep 1000 & echo \"bg $!\"; echo ready; while :; do sleep 0.05; done");
        Matcher bg = Pattern.compile("bg (\\d+)").matcher(run.stdout());
        assertThat(bg.find()).isTrue();
        long grandchild = Long.parseLong(bg.group(1));
        run.signal("TERM");
        assertThat(run.exitCode()).isEqualTo(137);
        assertThat(TestSupport.await(10, () -> !running(grandchild))).as("grandchild %d still running", grandchild)
                .isTrue();
        assertThat(session("stubborn").status()).isEqualTo(SessionStatus.KILLED);
    }

    @Test
    void sigintAndSighupFromOutsideATerminalArePassedOn() throws Exception {
        Running interrupted = start("int", "5", "trap 'echo got INT; exit 130' INT; echo ready; while :; do sleep 0.05; done");
        interrupted.signal("INT");
        assertThat(interrupted.exitCode()).isEqualTo(130);
        assertThat(interrupted.stdout()).contains("got INT");

        Running hungUp = start("hup", "5", "echo ready; while :; do sleep 0.05; done");
        hungUp.signal("HUP");
        assertThat(hungUp.exitCode()).isEqualTo(129);
        assertThat(session("hup").status()).isEqualTo(SessionStatus.KILLED);
    }

    private Session session(String id) {
        try (Database db = Database.open(dir.resolve("t.db"))) {
            return db.sessions().get(id);
        }
    }

    /** A process is running unless it is gone or a zombie waiting to be reaped. */
    private static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return false;
        }
    }

    private Running start(String sessionId, String grace, String script) throws Exception {
        Path out = dir.resolve(sessionId + ".out");
        Process process = new ProcessBuilder(TestSupport.javaBin(), "-Xmx256m", "-jar",
                TestSupport.JAR.toAbsolutePath().toString(), "run", "--db", dir.resolve("t.db").toString(),
                "--session-id", sessionId, "--grace", grace, "--quiet", "--", "sh", "-c", script)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out.toFile()).redirectErrorStream(true).start();
        Running running = new Running(process, out);
        assertThat(TestSupport.await(30, () -> running.stdout().contains("ready"))).as("child ready").isTrue();
        return running;
    }

    private record Running(Process process, Path out) {
        String stdout() {
            try {
                return Files.readString(out);
            } catch (IOException e) {
                return "";
            }
        }

        void signal(String name) throws Exception {
            new ProcessBuilder(List.of("kill", "-s", name, Long.toString(process.pid()))).start().waitFor();
        }

        int exitCode() throws InterruptedException {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("tapedeck exited").isTrue();
            return process.exitValue();
        }
    }
}
