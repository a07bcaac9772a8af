package dev.tapedeck.wrapper;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tapedeck.store.Database;
import dev.tapedeck.store.OutputLine;
import dev.tapedeck.store.Session;
import dev.tapedeck.store.SessionStatus;
import dev.tapedeck.store.StateChange;
import dev.tapedeck.store.Stream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WrappedCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void passesOutputThroughByteForByteAndRecordsEveryLine() {
        String script = "printf 'one\\n\\033[1mbold\\033[0m\\r\\n'; printf 'oops\\n' >&2; printf 'tail'";
        try (Database db = Database.open(dir.resolve("t.db"))) {
            RunOutcome outcome = run(db, "s-1", "sh", "-c", script);

            assertThat(outcome).isEqualTo(new RunOutcome("s-1", SessionStatus.COMPLETED, 0, 4, 0, 0, 0));
            assertThat(out.toByteArray()).isEqualTo("one\n\u001b[1mbold\u001b[0m\r\ntail".getBytes(StandardCharsets.UTF_8));
            assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("oops\n");

            List<OutputLine> lines = db.output().listLines("s-1", 1, 100, null);
            assertThat(lines).extracting(OutputLine::text).containsExactlyInAnyOrder(
                    "one", "bold", "oops", "tail");
            assertThat(lines).extracting(OutputLine::number).containsExactly(1L, 2L, 3L, 4L);
            OutputLine oops = lines.stream().filter(l -> l.text().equals("oops")).findFirst().orElseThrow();
            assertThat(oops.stream()).isEqualTo(Stream.STDERR);
            OutputLine bold = lines.stream().filter(l -> l.text().equals("bold")).findFirst().orElseThrow();
            assertThat(bold.rawBytes()).isEqualTo("\u001b[1mbold\u001b[0m\r\n".getBytes(StandardCharsets.UTF_8));
            OutputLine tail = lines.stream().filter(l -> l.text().equals("tail")).findFirst().orElseThrow();
            assertThat(tail.rawBytes()).isEqualTo("tail".getBytes(StandardCharsets.UTF_8));
            for (int i = 1; i < lines.size(); i++) {
                assertThat(lines.get(i).timestamp()).isAfterOrEqualTo(lines.get(i - 1).timestamp());
            }
        }
    }

    @Test
    void anEscapeSequenceAndACharacterSplitAcrossReadsAreCleanedWhole() {
        // The pauses make the child's output arrive in separate reads, mid-sequence and mid-character.
        String script = "printf '\\033[3'; sleep 0.2; printf '1mred\\033[0m \\342\\202'; sleep 0.2; printf '\\254\\n'";
        try (Database db = Database.open(dir.resolve("t.db"))) {
            RunOutcome outcome = run(db, "s-split", "sh", "-c", script);
            assertThat(outcome.exitCode()).isZero();
            assertThat(out.toByteArray()).isEqualTo("\u001b[31mred\u001b[0m €\n".getBytes(StandardCharsets.UTF_8));
            assertThat(db.output().listLines("s-split", 1, 10, null)).extracting(OutputLine::text)
                    .containsExactly("red €");
        }
    }

    @Test
    void recordsTheSessionLifeWithCommandLinePidHostAndTotals() {
        try (Database db = Database.open(dir.resolve("t.db"))) {
            RunOutcome outcome = run(db, "s-2", "sh", "-c", "echo a; echo b >&2; exit 7");
            assertThat(outcome.exitCode()).isEqualTo(7);
            assertThat(outcome.status()).isEqualTo(SessionStatus.FAILED);

            Session s = db.sessions().get("s-2");
            assertThat(s.agentName()).isEqualTo("test-agent");
            assertThat(s.status()).isEqualTo(SessionStatus.FAILED);
            assertThat(s.exitCode()).isEqualTo(7);
            assertThat(s.commandLine()).isEqualTo("sh -c 'echo a; echo b >&2; exit 7'");
            assertThat(s.workingDirectory()).isEqualTo(dir.toString());
            assertThat(s.pid()).isPositive();
            assertThat(s.recorderPid()).isEqualTo(ProcessHandle.current().pid());
            assertThat(s.host()).isNotBlank();
            assertThat(s.endedAt()).isAfterOrEqualTo(s.startedAt());
            assertThat(s.totals().lines()).isEqualTo(2);
            assertThat(s.totals().stdoutLines()).isEqualTo(1);
            assertThat(s.totals().stderrLines()).isEqualTo(1);
            assertThat(db.sessions().listStateChanges("s-2")).extracting(StateChange::state)
                    .containsExactly("started", "failed");
        }
    }

    @Test
    void aCommandThatDoesNotExistExits127AndIsRecordedAsFailedToStart() {
        try (Database db = Database.open(dir.resolve("t.db"))) {
            RunOutcome outcome = run(db, "s-3", "no-such-command-tapedeck");
            assertThat(outcome.exitCode()).isEqualTo(127);
            assertThat(err.toString(StandardCharsets.UTF_8))
                    .isEqualTo("tapedeck: no-such-command-tapedeck: command not found\n");
            Session s = db.sessions().get("s-3");
            assertThat(s.status()).isEqualTo(SessionStatus.FAILED_TO_START);
            assertThat(s.exitCode()).isNull();
            assertThat(db.sessions().listStateChanges("s-3")).extracting(StateChange::state)
                    .containsExactly("failed_to_start");
        }
    }

    @Test
    void theStateChangeMetadataIsPlainJsonWithoutHtmlEscapes() {
        try (Database db = Database.open(dir.resolve("t.db"))) {
            run(db, "s-5", "no-such=<command>'tapedeck'");
            assertThat(db.sessions().listStateChanges("s-5").get(0).metadataJson()).isEqualTo(
                    "{\"error\":\"no-such=<command>'tapedeck': command not found\"}");
        }
    }

    @Test
    void aFileThatIsNotExecutableExits126() {
        try (Database db = Database.open(dir.resolve("t.db"))) {
            RunOutcome outcome = run(db, "s-4", dir.resolve("t.db").toString());
            assertThat(outcome.exitCode()).isEqualTo(126);
            assertThat(db.sessions().get("s-4").status()).isEqualTo(SessionStatus.FAILED_TO_START);
        }
    }

    /** The audit's case: without tapedeck, the job prints "late" and makes its file; so it must with it. */
    @Test
    void aBackgroundJobsOutputAfterTheCommandExitedIsPassedThroughAndRecordedWithinTheGrace() {
        try (Database db = Database.open(dir.resolve("t.db"))) {
            RunOutcome outcome = run(db, "s-late", "sh", "-c", "(sleep 1; echo late; touch m) & exit 3");

            assertThat(outcome.exitCode()).isEqualTo(3);
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("late\n");
            assertThat(dir.resolve("m")).exists();
            assertThat(db.output().listLines("s-late", 1, 10, null)).extracting(OutputLine::text)
                    .containsExactly("late");
            assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        }
    }

    /**
     * A job still holding the output when the grace is over is left running: the run returns the
     * command's exit code while the job sleeps, and the job is not killed by a pipe without a reader
     * (its file appears after its write). What it prints then is neither recorded nor lost to SIGPIPE.
     */
    @Test
    void aBackgroundJobThatOutlivesTheGraceIsLeftRunningAndNotKilledBySigpipe() throws Exception {
        try (Database db = Database.open(dir.resolve("t.db"))) {
            RunOptions options = RunOptions.of("test-agent", "s-after", List.of("sh", "-c",
                    "(sleep 4; echo after; echo after >&2; touch m) & echo before; exit 7"))
                    .withWorkingDirectory(dir).withGrace(Duration.ofMillis(500));
            RunOutcome outcome = new WrappedCommand(options, db.writes(), new Terminal(out, err)).run();

            assertThat(outcome.exitCode()).isEqualTo(7);
            assertThat(dir.resolve("m")).as("the run waited for the job instead of the grace").doesNotExist();
            assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("tapedeck: warning: session s-after: the"
                    + " command's output (stdout, stderr) is still open 500 ms after it exited (a background job holds"
                    + " it); recording stops here, the rest is discarded\n");
            assertThat(awaitFile(dir.resolve("m"), Duration.ofSeconds(20))).as("the job died before its touch").isTrue();
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("before\n");
            assertThat(db.output().listLines("s-after", 1, 10, null)).extracting(OutputLine::text)
                    .containsExactly("before");
        }
    }

    /**
     * With no grace, output still being read as the command exits is not mistaken for output held
     * open by a job: all of it is passed through and recorded, and nothing is said.
     */
    @Test
    void withNoGraceOutputThatEndsWithTheCommandIsAllPassedThroughAndNothingIsSaid() {
        try (Database db = Database.open(dir.resolve("t.db"))) {
            for (int i = 0; i < 5; i++) {
                out.reset();
                err.reset();
                RunOptions options = RunOptions.of("test-agent", "s-zero-" + i, List.of("sh", "-c",
                        "seq 1 2000; echo ho >&2")).withWorkingDirectory(dir).withGrace(Duration.ZERO);
                RunOutcome outcome = new WrappedCommand(options, db.writes(), new Terminal(out, err)).run();

                assertThat(outcome.exitCode()).isZero();
                assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("ho\n");
                assertThat(out.toString(StandardCharsets.UTF_8).lines()).hasSize(2000);
                assertThat(outcome.lines()).isEqualTo(2001);
            }
        }
    }

    /** Output closed by every process when the command exits: no waiting for the grace at all. */
    @Test
    void aJobThatDoesNotHoldTheOutputDoesNotDelayTheEndOfTheRun() throws Exception {
        try (Database db = Database.open(dir.resolve("t.db"))) {
            RunOptions options = RunOptions.of("test-agent", "s-quiet", List.of("sh", "-c",
                    "sleep 60 >/dev/null 2>&1 & echo $! >job.pid; echo done"))
                    .withWorkingDirectory(dir).withGrace(Duration.ofSeconds(30));
            long start = System.nanoTime();
            RunOutcome outcome = new WrappedCommand(options, db.writes(), new Terminal(out, err)).run();
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            long job = Long.parseLong(java.nio.file.Files.readString(dir.resolve("job.pid")).trim());
            ProcessHandle.of(job).ifPresent(ProcessHandle::destroy);

            assertThat(outcome.exitCode()).isZero();
            assertThat(seconds).as("seconds to return, with a grace of 30 s").isLessThan(15);
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("done\n");
        }
    }

    @Test
    void aRecorderStillBehindWhenTheOutputEndsIsCutOffAndEveryLineItDidNotRecordIsCountedAndSaid() throws Exception {
        // A quadratic pattern (the audit's) that runs out its 20 ms budget on each line: 400 lines are
        // 8 s of work for the recorder, and the run waits for it only 300 ms after the output ends.
        Path patterns = dir.resolve("slow.json");
        java.nio.file.Files.writeString(patterns, """
                {"patterns": [{"name": "slow", "event_type": "x", "regex": "^x: (?<value>.+?)\\\\s*$",
                  "keywords": ["x: "]}]}""");
        String line = "x: a" + " ".repeat(30_000) + "b";
        String script = "i=0; while [ $i -lt 400 ]; do echo '" + line + "'; i=$((i+1)); done";
        try (Database db = Database.open(dir.resolve("t.db"))) {
            RunOptions options = RunOptions.of("test-agent", "s-behind", List.of("sh", "-c", script))
                    .withWorkingDirectory(dir).withPatterns(dev.tapedeck.wrapper.extract.PatternSet.load(patterns));
            RunOutcome outcome = new WrappedCommand(options, db.writes(), new Terminal(out, err),
                    java.time.Duration.ofMillis(300)).run();

            long recorded = db.output().listLines("s-behind", 1, 1000, null).size();
            Session s = db.sessions().get("s-behind");
            assertThat(outcome.droppedLines()).as("dropped").isPositive();
            assertThat(recorded + outcome.droppedLines()).as("recorded + dropped").isEqualTo(400);
            assertThat(s.totals().droppedLines()).isEqualTo(outcome.droppedLines());
            assertThat(s.totals().lines()).isEqualTo(recorded);
            assertThat(s.status()).isEqualTo(SessionStatus.COMPLETED);
            StateChange end = db.sessions().listStateChanges("s-behind").get(1);
            assertThat(end.state()).isEqualTo("completed");
            assertThat(end.metadataJson()).startsWith("{\"dropped_lines\":" + outcome.droppedLines()
                    + ",\"extraction_budget_overruns\":{\"slow\":");
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("tapedeck: warning: session s-behind: lost "
                    + outcome.droppedLines() + " of 400 lines (the recorder was still behind 0.3 s after the command's"
                    + " output ended); its dropped_lines is " + outcome.droppedLines() + "\n");
        }
    }

    @Test
    void runsUnrecordedWithoutADatabase() {
        RunOutcome outcome = new WrappedCommand(RunOptions.of("a", "s-5", List.of("echo", "hi")), null,
                new Terminal(out, err)).run();
        assertThat(outcome.exitCode()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("hi\n");
    }

    private static boolean awaitFile(Path file, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!java.nio.file.Files.exists(file)) {
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    private RunOutcome run(Database db, String sessionId, String... command) {
        RunOptions options = RunOptions.of("test-agent", sessionId, List.of(command)).withWorkingDirectory(dir);
        return new WrappedCommand(options, db.writes(), new Terminal(out, err)).run();
    }
}
