package dev.tapedeck.tests;

import static dev.tapedeck.tests.TestSupport.tapedeck;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tapedeck.store.Database;
import dev.tapedeck.store.NewSession;
import dev.tapedeck.store.OutputLine;
import dev.tapedeck.store.SessionEnd;
import dev.tapedeck.store.SessionStatus;
import dev.tapedeck.store.Stream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tapedeck tail}: the last lines of a session, raw or clean, followed with -f, run as a process. */
class TailCommandTest {
    private static final Instant T0 = Instant.parse("2026-12-03T15:21:02Z");

    @TempDir
    Path dir;

    private String db() {
        return dir.resolve("t.db").toString();
    }

    private TestSupport.Result tail(String... args) throws Exception {
        return tail(Map.of(), args);
    }

    private TestSupport.Result tail(Map<String, String> env, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("tail", "--db", db()));
        all.addAll(List.of(args));
        return tapedeck(dir, env, null, all.toArray(String[]::new));
    }

    private void record(String id, String script) throws Exception {
        TestSupport.Result run = tapedeck(dir, Map.of(), null, "run", "--quiet", "--db", db(), "--agent", "demo",
                "--session-id", id, "--", "sh", "-c", script);
        assertThat(run.exitCode()).as("recording %s: %s", id, run.stderr()).isZero();
    }

    @Test
    void printsTheLastTenLinesOrTheLastNExactly() throws Exception {
        record("s1", "seq 1 25");

        TestSupport.Result ten = tail("s1");
        assertThat(ten.exitCode()).isZero();
        assertThat(ten.out()).isEqualTo("16\n17\n18\n19\n20\n21\n22\n23\n24\n25\n");
        assertThat(ten.stderr()).isEmpty();
        assertThat(tail("s1", "-n", "3").out()).isEqualTo("23\n24\n25\n");
        assertThat(tail("s1", "--lines", "1000").out()).isEqualTo(seq(1, 25));
        TestSupport.Result none = tail("s1", "-n", "0");
        assertThat(none.exitCode()).isZero();
        assertThat(none.out()).isEmpty();
    }

    @Test
    void rawPrintsTheBytesAsPrintedEscapesAndRedrawsIncluded() throws Exception {
        // Colours, a \r redraw, a byte that is not UTF-8, and a last line without its newline.
        record("s2", "printf 'one\\n\\033[31mred\\033[0m\\n50%%\\r100%%\\r\\n\\377 not utf-8\\nno newline'");

        TestSupport.Result raw = tail("s2", "--raw", "-n", "4");
        assertThat(raw.exitCode()).isZero();
        assertThat(raw.stdout()).isEqualTo(bytes("\033[31mred\033[0m\n50%\r100%\r\n", new byte[] {(byte) 0xff},
                " not utf-8\nno newline"));
        assertThat(tail("s2", "-n", "4").out()).isEqualTo("red\n100%\n\uFFFD not utf-8\nno newline\n");
    }

    @Test
    void cleanTextDropsWhatATerminalWouldActOnWhateverTheDatabaseHolds() throws Exception {
        // Written straight into the store, as an older version, another program or sqlite3 could:
        // clean text the recorder would never leave, holding an OSC 52 clipboard write, a screen
        // clear, an 8-bit CSI, C1 NEL, BEL, backspace, carriage return and DEL.
        try (Database database = Database.open(Path.of(db()))) {
            database.writes().append(NewSession.of("hostile", "demo", T0));
            database.writes().append(OutputLine.of("hostile", 1, Stream.STDOUT, T0.plusMillis(1),
                    "\033]52;c;aGk=\007a\033[2Jb\u009b31mc\u0085d\te\bf\rg\u007fh\u0000i ü"));
            database.writes().append(new SessionEnd("hostile", SessionStatus.COMPLETED, 0, T0.plusMillis(2), 0, null));
            database.flush();
        }

        TestSupport.Result clean = tail("hostile");
        assertThat(clean.out()).isEqualTo("]52;c;aGk=a[2Jb31mcd\tefghi ü\n");
        // --raw is what was asked for: the stored bytes as they are (here the text's own UTF-8).
        assertThat(tail("hostile", "--raw").out()).isEqualTo(
                "\033]52;c;aGk=\007a\033[2Jb\u009b31mc\u0085d\te\bf\rg\u007fh\u0000i ü\n");
    }

    @Test
    void bothStreamsInLineOrderUnmarkedInAPipeRedOnATerminalUnlessNoColor() throws Exception {
        try (Database database = Database.open(Path.of(db()))) {
            database.writes().append(NewSession.of("mixed", "demo", T0));
            database.writes().append(OutputLine.of("mixed", 1, Stream.STDOUT, T0.plusMillis(1), "building"));
            database.writes().append(OutputLine.of("mixed", 2, Stream.STDERR, T0.plusMillis(2), "error: boom"));
            database.writes().append(OutputLine.of("mixed", 3, Stream.STDOUT, T0.plusMillis(3), "done"));
            database.writes().append(new SessionEnd("mixed", SessionStatus.FAILED, 1, T0.plusMillis(4), 0, null));
            database.flush();
        }

        assertThat(tail("mixed").out()).isEqualTo("building\nerror: boom\ndone\n");
        assertThat(inTerminal(Map.of(), "mixed")).isEqualTo("building\r\n\033[31merror: boom\033[0m\r\ndone\r\n");
        assertThat(inTerminal(Map.of("NO_COLOR", "1"), "mixed")).isEqualTo("building\r\nerror: boom\r\ndone\r\n");
    }

    /** What tail prints when stdin and stdout are a terminal (util-linux script gives it one). */
    private String inTerminal(Map<String, String> env, String session) throws Exception {
        String inner = TestSupport.javaBin() + " -jar " + TestSupport.JAR.toAbsolutePath() + " tail " + session
                + " --db " + db();
        ProcessBuilder builder = new ProcessBuilder("script", "-qfec", inner, "/dev/null").directory(dir.toFile())
                .redirectErrorStream(true);
        builder.environment().remove("NO_COLOR");
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        return new String(out, StandardCharsets.UTF_8);
    }

    @Test
    void followSeesALineAnotherRecorderCommitsWithinASecondAndStopsWhenItsSessionEnds() throws Exception {
        Path gate1 = fifo("gate1");
        Path gate2 = fifo("gate2");
        Process recorder = TestSupport.start(dir, "run", "--quiet", "--db", db(), "--agent", "live", "--session-id", "live-1", "--",
                "sh", "-c", "echo first; read a < " + gate1 + "; echo second; read b < " + gate2 + "; echo third");
        Process follower = null;
        try (Database database = Database.open(Path.of(db()))) {
            assertThat(TestSupport.await(60, () -> hasLine(database, "live-1", "first"))).isTrue();
            // No SESSION: the running session.
            follower = TestSupport.start(dir, "tail", "-f", "--db", db());
            TestSupport.Captured seen = new TestSupport.Captured(follower.getInputStream());
            assertThat(TestSupport.await(60, () -> seen.text().equals("first\n"))).as("saw %s", seen.text()).isTrue();

            Files.writeString(gate1, "go\n");
            assertThat(TestSupport.await(30, () -> hasLine(database, "live-1", "second"))).isTrue();
            long committed = System.nanoTime();
            assertThat(TestSupport.await(1, () -> seen.text().equals("first\nsecond\n")))
                    .as("saw within 1 s of the commit: %s", seen.text()).isTrue();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - committed)).isLessThan(1000);
            assertThat(follower.isAlive()).as("still following a running session").isTrue();

            Files.writeString(gate2, "go\n");
            assertThat(recorder.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(follower.waitFor(10, TimeUnit.SECONDS)).as("stopped when the session ended").isTrue();
            seen.join(5_000);
            assertThat(follower.exitValue()).isZero();
            assertThat(seen.text()).isEqualTo("first\nsecond\nthird\n");
            assertThat(new String(follower.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)).isEmpty();
        } finally {
            recorder.destroyForcibly();
            if (follower != null) {
                follower.destroyForcibly();
            }
        }
    }

    @Test
    void followStopsWhenTheRecorderDiesAndOnCtrlC() throws Exception {
        Process recorder = TestSupport.start(dir, "run", "--quiet", "--db", db(), "--agent", "doomed", "--session-id", "doomed-1", "--",
                "sh", "-c", "echo first; exec sleep 120");
        List<Process> followers = new ArrayList<>();
        try (Database database = Database.open(Path.of(db()))) {
            assertThat(TestSupport.await(60, () -> hasLine(database, "doomed-1", "first"))).isTrue();
            Process interrupted = TestSupport.start(dir, "tail", "-f", "doomed-1", "--db", db());
            followers.add(interrupted);
            Process orphaned = TestSupport.start(dir, "tail", "-f", "doomed-1", "--db", db());
            followers.add(orphaned);
            TestSupport.Captured seen = new TestSupport.Captured(interrupted.getInputStream());
            assertThat(TestSupport.await(60, () -> seen.text().equals("first\n"))).isTrue();

            // Ctrl-C in a terminal is SIGINT to the process group; tail ends as a program does on it.
            assertThat(new ProcessBuilder("kill", "-INT", Long.toString(interrupted.pid())).start().waitFor()).isZero();
            assertThat(interrupted.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(interrupted.exitValue()).isEqualTo(130);

            // The recorder dies without ending its session: tail finds it orphaned and stops.
            List<ProcessHandle> children = recorder.descendants().toList();
            recorder.destroyForcibly().waitFor();
            children.forEach(ProcessHandle::destroyForcibly);
            assertThat(orphaned.waitFor(30, TimeUnit.SECONDS)).as("stopped after the recorder died").isTrue();
            assertThat(orphaned.exitValue()).isZero();
            assertThat(new String(orphaned.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("first\n");
            assertThat(database.sessions().get("doomed-1").status()).isEqualTo(SessionStatus.INTERRUPTED);
        } finally {
            recorder.destroyForcibly();
            followers.forEach(Process::destroyForcibly);
        }
    }

    @Test
    void aLineStoredInPiecesPrintsAsOneLine() throws Exception {
        try (Database database = Database.open(Path.of(db()))) {
            database.writes().append(NewSession.of("long", "demo", T0));
            database.writes().append(new OutputLine("long", 1, Stream.STDOUT, T0.plusMillis(1), "abc", null, true));
            database.writes().append(new OutputLine("long", 2, Stream.STDOUT, T0.plusMillis(1), "def", null, true));
            database.writes().append(OutputLine.of("long", 3, Stream.STDOUT, T0.plusMillis(1), "ghi"));
            database.writes().append(OutputLine.of("long", 4, Stream.STDOUT, T0.plusMillis(2), "next"));
            database.flush();
        }
        assertThat(tail("long").out()).isEqualTo("abcdefghi\nnext\n");
        assertThat(tail("long", "--raw").out()).isEqualTo("abcdefghi\nnext\n");
    }

    @Test
    void withoutASessionTakesTheNewestRunningOneElseTheNewest() throws Exception {
        try (Database database = Database.open(Path.of(db()))) {
            session(database, "old-running", T0, "from the running one");
            session(database, "new-ended", T0.plusSeconds(60), "from the newest");
            database.writes().append(new SessionEnd("new-ended", SessionStatus.COMPLETED, 0, T0.plusSeconds(61), 0,
                    null));
            database.flush();
        }
        assertThat(tail().out()).isEqualTo("from the running one\n");

        try (Database database = Database.open(Path.of(db()))) {
            database.writes().append(new SessionEnd("old-running", SessionStatus.COMPLETED, 0, T0.plusSeconds(120), 0,
                    null));
            database.flush();
        }
        assertThat(tail().out()).isEqualTo("from the newest\n");
        // -f on an ended session prints its last lines and stops at once.
        TestSupport.Result ended = tail("-f", "last");
        assertThat(ended.exitCode()).isZero();
        assertThat(ended.out()).isEqualTo("from the newest\n");
    }

    @Test
    void errorsAreOneLineWithTheRightExitCode() throws Exception {
        TestSupport.Result noDatabase = tail();
        assertThat(noDatabase.exitCode()).isEqualTo(1);
        assertThat(noDatabase.stderr()).isEqualTo("tapedeck: no database at " + db() + "\n");

        Database.open(Path.of(db())).close();
        TestSupport.Result empty = tail();
        assertThat(empty.exitCode()).isEqualTo(1);
        assertThat(empty.stderr()).isEqualTo("tapedeck: no session to tail: nothing is recorded in " + db() + "\n");

        try (Database database = Database.open(Path.of(db()))) {
            session(database, "20261203-152102-3a418c", T0, "a");
            session(database, "20261203-152102-3b77e0", T0.plusSeconds(1), "b");
            database.flush();
        }
        TestSupport.Result missing = tail("nope");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.stderr()).isEqualTo("tapedeck: no session 'nope' in " + db() + "\n");
        TestSupport.Result ambiguous = tail("20261203-1521");
        assertThat(ambiguous.exitCode()).isEqualTo(1);
        assertThat(ambiguous.stderr()).isEqualTo("tapedeck: session '20261203-1521' is ambiguous; 2 sessions match"
                + " it: 20261203-152102-3b77e0 (demo), 20261203-152102-3a418c (demo); give more of the id\n");
        assertThat(tail("3a4").out()).isEqualTo("a\n");

        TestSupport.Result negative = tail("3a4", "-n", "-1");
        assertThat(negative.exitCode()).isEqualTo(2);
        assertThat(negative.stderr()).isEqualTo("tapedeck: -n must be at least 0, got -1\nSee 'tapedeck tail --help'.\n");
        TestSupport.Result notANumber = tail("3a4", "-n", "ten");
        assertThat(notANumber.exitCode()).isEqualTo(2);
        assertThat(notANumber.stderr()).isEqualTo("tapedeck: invalid value for option '--lines': 'ten' is not a"
                + " long\nSee 'tapedeck tail --help'.\n");
        assertThat(negative.out() + notANumber.out()).isEmpty();
    }

    private static void session(Database database, String id, Instant start, String text) {
        database.writes().append(NewSession.of(id, "demo", start));
        database.writes().append(OutputLine.of(id, 1, Stream.STDOUT, start.plusMillis(1), text));
    }

    private static boolean hasLine(Database database, String id, String text) {
        return database.output().listLines(id, 1, 100, null).stream().anyMatch(l -> l.text().equals(text));
    }


    private Path fifo(String name) throws Exception {
        Path path = dir.resolve(name);
        Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).start();
        assertThat(mkfifo.waitFor()).isZero();
        return path;
    }



    private static String seq(int from, int to) {
        StringBuilder lines = new StringBuilder();
        for (int i = from; i <= to; i++) {
            lines.append(i).append('\n');
        }
        return lines.toString();
    }

    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            byte[] b = part instanceof byte[] raw ? raw : ((String) part).getBytes(StandardCharsets.UTF_8);
            out.write(b, 0, b.length);
        }
        return out.toByteArray();
    }
}
