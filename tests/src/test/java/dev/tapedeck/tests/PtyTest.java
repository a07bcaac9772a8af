package dev.tapedeck.tests;

import static dev.tapedeck.tests.TestSupport.tapedeck;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tapedeck.store.Database;
import dev.tapedeck.store.OutputLine;
import dev.tapedeck.store.Session;
import dev.tapedeck.store.SessionStatus;
import dev.tapedeck.store.Stream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With a PTY the command sees a terminal, as it would without tapedeck in an interactive shell. */
class PtyTest {
    private static final String PROBE = "if [ -t 0 ] && [ -t 1 ] && [ -t 2 ]; then echo terminal; else echo pipes; fi;"
            + " echo \"shell=$SHELL\"; echo oops >&2; exit 5";

    @TempDir
    Path dir;

    @Test
    void withAPtyTheCommandSeesATerminalKeepsItsShellAndItsExitCode() throws Exception {
        Path db = dir.resolve("t.db");
        TestSupport.Result run = tapedeck(dir, Map.of("SHELL", "/usr/bin/fancy-shell"), null, "run", "--db",
                db.toString(), "--quiet", "--pty", "always", "--session-id", "pty", "--", "sh", "-c", PROBE);
        assertThat(run.exitCode()).isEqualTo(5);
        assertThat(run.out()).isEqualTo("terminal\r\nshell=/usr/bin/fancy-shell\r\noops\r\n");
        try (Database database = Database.open(db)) {
            Session session = database.sessions().get("pty");
            assertThat(session.status()).isEqualTo(SessionStatus.FAILED);
            assertThat(session.commandLine()).startsWith("sh -c ");
            List<OutputLine> lines = database.output().listLines("pty", 1, 10, null);
            assertThat(lines).extracting(OutputLine::text)
                    .containsExactly("terminal", "shell=/usr/bin/fancy-shell", "oops");
            assertThat(lines).extracting(OutputLine::stream).containsOnly(Stream.STDOUT);
        }
    }

    @Test
    void withoutATerminalOfOurOwnAutoMeansPipes() throws Exception {
        TestSupport.Result run = tapedeck(dir, Map.of(), null, "run", "--db", dir.resolve("t.db").toString(),
                "--quiet", "--", "sh", "-c", PROBE);
        assertThat(run.exitCode()).isEqualTo(5);
        assertThat(run.out()).startsWith("pipes\n");
        assertThat(run.stderr()).isEqualTo("oops\n");
    }

    /**
     * The command runs as a job of the terminal's leading shell (so that its background jobs are not
     * hung up when it exits): a stop (SIGTSTP, Ctrl-Z) must not leave it stopped, and so hung up.
     */
    @Test
    void aCommandThatStopsItselfIsResumedAndKeepsItsExitCode() throws Exception {
        TestSupport.Result run = tapedeck(dir, Map.of(), null, "run", "--db", dir.resolve("t.db").toString(),
                "--quiet", "--pty", "always", "--", "sh", "-c", "kill -TSTP $$; echo resumed; exit 4");
        assertThat(run.exitCode()).isEqualTo(4);
        assertThat(run.out()).isEqualTo("resumed\r\n");
    }

    /**
     * SIGTERM to tapedeck reaches the command on its terminal, and the command's exit code is passed
     * back: {@code script} used to be signalled too, said "Session terminated" and exited 0.
     */
    @Test
    void sigtermReachesTheCommandOnAPtyWhoseExitCodeIsPassedBack() throws Exception {
        Path out = dir.resolve("term.out");
        Process process = new ProcessBuilder(TestSupport.javaBin(), "-Xmx256m", "-jar",
                TestSupport.JAR.toAbsolutePath().toString(), "run", "--db", dir.resolve("t.db").toString(),
                "--session-id", "term", "--pty", "always", "--quiet", "--", "sh", "-c",
                "trap 'echo got TERM; exit 3' TERM; echo ready; while :; do sleep 0.05; done")
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out.toFile()).redirectErrorStream(true).start();
        assertThat(TestSupport.await(30, () -> read(out).contains("ready"))).as("child ready").isTrue();
        new ProcessBuilder("kill", "-s", "TERM", Long.toString(process.pid())).start().waitFor();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("tapedeck exited").isTrue();
        assertThat(process.exitValue()).as(read(out)).isEqualTo(3);
        assertThat(read(out)).contains("got TERM\r\n").doesNotContain("Session terminated");
        try (Database database = Database.open(dir.resolve("t.db"))) {
            Session session = database.sessions().get("term");
            assertThat(session.status()).isEqualTo(SessionStatus.KILLED);
            assertThat(session.exitCode()).isEqualTo(3);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    void aMissingCommandIsStillReportedBeforeAPtyIsStarted() throws Exception {
        TestSupport.Result run = tapedeck(dir, Map.of(), null, "run", "--db", dir.resolve("t.db").toString(),
                "--quiet", "--pty", "always", "--session-id", "gone", "--", "tapedeck-no-such-command");
        assertThat(run.exitCode()).isEqualTo(127);
        assertThat(run.stderr()).isEqualTo("tapedeck: tapedeck-no-such-command: command not found\n");
        TestSupport.Result bad = tapedeck(dir, Map.of(), null, "run", "--pty", "sometimes", "--", "true");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.stderr()).contains("--pty: pty must be one of auto, always, never, got 'sometimes'");
    }

    /**
     * pty4j (its classes, JNA, its native library) is loaded in PTY mode only: a run with pipes must
     * not pay for it at start-up. The PTY run shows that the check can see it loaded.
     */
    @Test
    void thePtyLibraryIsLoadedOnlyInPtyMode() throws Exception {
        assertThat(loadedClasses("never")).as("pipe mode").noneMatch(PtyTest::ofThePtyLibrary)
                .anyMatch(name -> name.startsWith("dev.tapedeck.wrapper.WrappedCommand"));
        assertThat(loadedClasses("always")).as("PTY mode").anyMatch(name -> name.startsWith("com.pty4j."))
                .anyMatch(name -> name.startsWith("com.sun.jna."));
    }

    private List<String> loadedClasses(String pty) throws Exception {
        Path log = dir.resolve("classes-" + pty + ".log");
        TestSupport.Result run = TestSupport.run(List.of(TestSupport.javaBin(), "-Xmx256m",
                "-Xlog:class+load=info:file=" + log, "-jar", TestSupport.JAR.toAbsolutePath().toString(), "run", "--db",
                dir.resolve("t.db").toString(), "--quiet", "--pty", pty, "--", "true"), dir, Map.of(), null);
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        return Files.readAllLines(log).stream().map(line -> line.replaceFirst("^.*?\\] ", "").split(" ")[0]).toList();
    }

    private static boolean ofThePtyLibrary(String className) {
        return className.startsWith("com.pty4j.") || className.startsWith("com.sun.jna.")
                || className.startsWith("kotlin.") || className.equals("dev.tapedeck.wrapper.PtyChild")
                || className.equals("dev.tapedeck.wrapper.TerminalLink");
    }

    /**
     * Where pty4j's native library cannot load (here: pty4j pointed at an empty folder, as a noexec
     * temporary folder or an unsupported platform would leave it), the command still gets a terminal,
     * from util-linux script, after one warning, and keeps its exit code.
     */
    @Test
    void withoutThePtyLibraryTheCommandGetsItsTerminalFromScript() throws Exception {
        Path empty = Files.createDirectory(dir.resolve("no-native"));
        TestSupport.Result run = TestSupport.run(List.of(TestSupport.javaBin(), "-Xmx256m",
                "-Dpty4j.preferred.native.folder=" + empty, "-jar", TestSupport.JAR.toAbsolutePath().toString(), "run",
                "--db", dir.resolve("t.db").toString(), "--quiet", "--pty", "always", "--session-id", "fallback", "--",
                "sh", "-c", PROBE), dir, Map.of("SHELL", "/usr/bin/fancy-shell"), null);
        assertThat(run.exitCode()).isEqualTo(5);
        assertThat(run.out()).isEqualTo("terminal\r\nshell=/usr/bin/fancy-shell\r\noops\r\n");
        assertThat(run.stderr()).startsWith("tapedeck: warning: session fallback: the terminal library cannot be used"
                + " here (").endsWith("); the command gets its terminal from util-linux script\n");
        assertThat(run.stderr().lines()).hasSize(1);
    }

    /**
     * stdin that is no terminal is copied to the command's terminal and its end passed on as Ctrl-D,
     * twice after a last line without a newline (once to hand the line over, once for the end): the
     * shell's loop reads both lines and ends, rather than waiting forever.
     */
    @Test
    void pipedStdinReachesTheCommandOnAPtyAndItsEndIsAnEndOfFile() throws Exception {
        TestSupport.Result run = tapedeck(dir, Map.of(), "a\nb".getBytes(java.nio.charset.StandardCharsets.UTF_8), "run",
                "--db", dir.resolve("t.db").toString(), "--quiet", "--pty", "always", "--", "sh", "-c",
                "while read l; do echo \"got $l\"; done; echo \"end: $l\"");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        // The terminal echoes what it is given, as it would to a user typing.
        assertThat(run.out()).isEqualTo("a\r\nbgot a\r\nend: b\r\n");
    }
}
