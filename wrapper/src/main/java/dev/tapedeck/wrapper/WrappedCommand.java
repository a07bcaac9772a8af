package dev.tapedeck.wrapper;

import dev.tapedeck.store.SessionEnd;
import dev.tapedeck.store.SessionStatus;
import dev.tapedeck.store.SessionUpdate;
import dev.tapedeck.store.StateChange;
import dev.tapedeck.store.Stream;
import dev.tapedeck.store.Write;
import dev.tapedeck.store.WriteQueue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a command the way {@code tapedeck run} does: the child's output passes through to the
 * terminal untouched while a copy is cut into lines and recorded, with the session's life, into the
 * store. Threads: the caller waits for the child; one pump per output stream ({@code child-stdout-PID},
 * {@code child-stderr-PID}); one {@code recorder-PID} thread. Recording can fail or fall behind without
 * the child noticing: writes that the store refuses are counted as dropped.
 */
public final class WrappedCommand {
    private static final Logger LOG = LoggerFactory.getLogger(WrappedCommand.class);
    /**
     * How long the end of a run waits for the recorder to record what the command printed. A recorder
     * still behind then is abandoned: what it has not recorded is counted, not recorded.
     */
    static final Duration RECORDER_DRAIN = Duration.ofSeconds(30);
    /**
     * How long an abandoned recorder is given to count what it holds: a scan of at most the tap's
     * bytes, after the line it is on (each pattern stops at its 20 ms budget).
     */
    private static final Duration RECORDER_COUNT = Duration.ofSeconds(5);
    /** How long a pump told to stop may take to pass on what it has read (its offer waits up to 250 ms). */
    private static final Duration PUMP_STOP = Duration.ofSeconds(1);
    /**
     * How long the end of a run waits in all for a database that is busy (other recorders taking
     * the write lock in turn) but takes its writes: the user waits for the exit code. A database that
     * takes nothing for {@link LineRecorder#STALL} (locked by another process, say) is given up on
     * sooner. What is not committed then is lost.
     */
    public static final Duration FINAL_FLUSH = Duration.ofSeconds(60);
    private static final int QUIET = 0;
    private static final int TOLD_BEHIND = 1;
    private static final int TOLD_FAILED = 2;

    private final RunOptions options;
    private final WriteQueue writes;
    private final Terminal terminal;
    private final Duration recorderDrain;
    /**
     * What the user has been told: {@link #QUIET}, {@link #TOLD_BEHIND} or {@link #TOLD_FAILED}. Each warning
     * is said at most once; a failure is said even after "cannot keep up" (that one may only be its
     * symptom, and the user must learn of a disk error), but falling behind after a failure is not news.
     */
    private final AtomicInteger told = new AtomicInteger(QUIET);
    /** What the user types, when recorded (set before the command starts, by the run's thread). */
    private TypedInput typed;
    /** When the final flushes must be done by ({@link System#nanoTime()}), set by the first one. */
    private long flushDeadline;
    /** A flush gave up: the store is stuck, and the user is not made to wait for it again. */
    private boolean flushGaveUp;

    /**
     * @param writes where to record, or {@code null} to run unrecorded (the database could not be opened)
     */
    public WrappedCommand(RunOptions options, WriteQueue writes, Terminal terminal) {
        this(options, writes, terminal, RECORDER_DRAIN);
    }

    /** With a drain of the test's choosing, to abandon a recorder that is behind without waiting 30 s. */
    WrappedCommand(RunOptions options, WriteQueue writes, Terminal terminal, Duration recorderDrain) {
        this.options = options;
        this.writes = writes;
        this.terminal = terminal;
        this.recorderDrain = recorderDrain;
        if (writes != null) {
            writes.onFailure(failure -> {
                if (told.getAndSet(TOLD_FAILED) != TOLD_FAILED) {
                    warn("recording failed (" + failure.getMessage()
                            + "); output still passes through and lost lines are counted");
                }
            });
        }
    }

    public RunOutcome run() {
        StartedChild.Mode mode = StartedChild.Mode.choose(options.pty(), this::warn);
        try (ChildSignals signals = new ChildSignals(options.grace(), mode.relays)) {
            signals.install();
            // On a PTY of ours, our terminal goes into raw mode first (no key is read by its line
            // discipline meanwhile), and its size is known for the session's environment.
            TerminalLink link = mode == StartedChild.Mode.PTY ? TerminalLink.open() : null;
            try {
                return run(signals, mode, link);
            } finally {
                if (link != null) {
                    link.close();
                }
            }
        }
    }

    private RunOutcome run(ChildSignals signals, StartedChild.Mode mode, TerminalLink link) {
        Instant startedAt = Instant.now();
        if (options.recordInput() && link == null) {
            say("note: --record-input records what is typed on a terminal (PTY mode) only; this run's input is"
                    + " not recorded");
        }
        typed = options.recordInput() && link != null ? new TypedInput(options, this::append) : null;
        append(SessionFacts.newSession(options, startedAt).withEnvironment(
                SessionFacts.environmentJson(options, link == null ? null : link.size(), System.getenv(),
                        typed != null),
                options.patterns().version(), null));
        OutputFifos fifos = StartedChild.makeFifos(mode, this::warn);
        try {
            return run(signals, mode, link, fifos);
        } finally {
            if (fifos != null) {
                fifos.close();
            }
        }
    }

    private RunOutcome run(ChildSignals signals, StartedChild.Mode mode, TerminalLink link, OutputFifos fifos) {
        Tap tap = new Tap(options.tapBytes(), LineRecorder.MAX_WAIT, Clock.systemUTC(), options.maxLineBytes());
        StartedChild started;
        try {
            started = link != null ? StartedChild.startOnPty(options, link, fifos, terminal, tap, this::recordResize,
                    this::recordJobState, typed == null ? null : typed::take)
                    : StartedChild.start(options, mode, fifos, terminal, tap);
        } catch (ChildProcess.StartFailure failure) {
            return failedToStart(failure);
        }
        try {
            return record(signals, started, tap);
        } finally {
            started.closeTerminal();
        }
    }

    /** The command stopped (Ctrl-Z) or resumed (fg): recorded with its time (on the thread that suspends us). */
    private void recordJobState(String state) {
        append(StateChange.of(options.sessionId(), Instant.now(), state));
    }

    /** A change of our terminal's size, passed on to the command's: recorded with its time (on the signal thread). */
    private void recordResize(TerminalSize size) {
        append(new StateChange(0, options.sessionId(), Instant.now(), "resized", null, SessionFacts.sizeJson(size)));
    }

    private RunOutcome record(ChildSignals signals, StartedChild started, Tap tap) {
        Process process = started.process();
        OutputPumps pumps = started.pumps();
        pumps.nameAfter(process.pid());
        signals.attach(process);
        append(SessionUpdate.pid(options.sessionId(), process.pid()));
        append(StateChange.of(options.sessionId(), started.at(), "started"));

        LineRecorder recorder = new LineRecorder(tap, writes, options,
                () -> {
                    if (told.compareAndSet(QUIET, TOLD_BEHIND)) {
                        warn("recording cannot keep up; output still passes through and dropped lines are counted");
                    }
                });
        Thread recorderThread = start("recorder-" + process.pid(), recorder);

        int exitCode = waitFor(process);
        // Output still open after the child's exit (a background job holds it) is passed through and
        // recorded until it ends, for at most the grace; then the rest is handed on (OutputHandoff).
        List<Stream> open = pumps.awaitEnd(System.nanoTime() + options.grace().toNanos());
        if (!open.isEmpty()) {
            sayStillOpen(pumps.handOff(open, terminal.ours(), process.pid()));
        }
        pumps.awaitStopped(PUMP_STOP);
        // Our terminal as it was before anything more is said on it.
        started.closeTerminal();
        join(recorderThread, recorderDrain);
        boolean abandoned = recorderThread.isAlive();
        if (abandoned) {
            LOG.debug("recorder of session {} still behind {} after the command's output ended; what it has not"
                    + " recorded is counted as dropped", options.sessionId(), recorderDrain);
            recorder.abandon();
            recorderThread.interrupt();
            join(recorderThread, RECORDER_COUNT);
        }
        if (typed != null) {
            typed.finish();
        }
        flush();
        // The recorder has added some of them while the command ran; the end adds the rest. Its
        // reports stop first (it may still be running after a drain that timed out), so the rest
        // counted after that is all that is left.
        long reported = recorder.finishDroppedReports();
        long dropped = recorder.droppedTotal();
        SessionFacts.Ending ended = SessionFacts.ending(exitCode, signals.forwarded(), signals.killedAfterGrace(),
                dropped, recorderThread.isAlive() ? Map.of() : recorder.extractionOverruns());
        append(new SessionEnd(options.sessionId(), ended.status(), exitCode, Instant.now(), dropped - reported,
                ended.metadataJson()));
        flush();
        if (dropped > 0 && writes != null) {
            sayLost(recorder, dropped, abandoned, recorderThread.isAlive());
        }
        return new RunOutcome(options.sessionId(), ended.status(), exitCode, recorder.lines(), dropped,
                recorder.extractionEvents(), recorder.codeBlocks());
    }

    private RunOutcome failedToStart(ChildProcess.StartFailure failure) {
        say(failure.getMessage());
        append(new SessionEnd(options.sessionId(), SessionStatus.FAILED_TO_START, null, Instant.now(), 0,
                SessionFacts.errorJson(options, failure.getMessage())));
        flush();
        return new RunOutcome(options.sessionId(), SessionStatus.FAILED_TO_START, failure.exitCode, 0, 0, 0, 0);
    }

    private void sayStillOpen(OutputPumps.Leftover left) {
        if (left.streams().isEmpty()) {
            return;
        }
        long millis = options.grace().toMillis();
        warn("the command's output (" + String.join(", ", left.streams().stream().map(Stream::wireName).toList())
                + ") is still open " + (millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms")
                + " after it exited (a background job holds it); recording stops here"
                + (!left.handedOn() ? "" : terminal.ours() ? ", the rest goes on to tapedeck's own, unrecorded"
                        : ", the rest is discarded"));
    }

    private void append(Write write) {
        if (writes != null) {
            writes.append(write);
        }
    }

    /**
     * Waits for what was appended to be committed: as long as the writer makes progress, all such
     * waits of a run together at most FINAL_FLUSH, and not again once one has given up.
     */
    private void flush() {
        if (writes == null || flushGaveUp) {
            return;
        }
        long now = System.nanoTime();
        if (flushDeadline == 0) {
            flushDeadline = now + FINAL_FLUSH.toNanos();
        }
        if (!writes.flush(LineRecorder.STALL, Duration.ofNanos(Math.max(0, flushDeadline - now)))) {
            flushGaveUp = true;
            say("warning: recording of session " + options.sessionId() + " not flushed in time (the database"
                    + " took nothing for " + LineRecorder.STALL.toSeconds() + " s, or " + FINAL_FLUSH.toSeconds()
                    + " s passed); what was not is lost: " + writes.stats().uncommittedLines()
                    + " line(s) not yet committed, and the session's end");
        }
    }

    /**
     * The one line that tells the user the session is incomplete, with the count its dropped_lines
     * holds. "At least" when an abandoned recorder did not finish counting in time.
     */
    private void sayLost(LineRecorder recorder, long dropped, boolean abandoned, boolean stillCounting) {
        long millis = recorderDrain.toMillis();
        String drain = millis % 1000 == 0 ? String.valueOf(millis / 1000) : String.valueOf(millis / 1000.0);
        String why = abandoned ? "the recorder was still behind " + drain + " s after the command's output ended"
                : "recording could not keep up, or the database failed";
        String count = stillCounting ? "at least " : "";
        warn("lost " + count + dropped + " of " + count + recorder.linesRead() + " lines (" + why + "); "
                + (flushGaveUp ? "the session's end, which holds the count, was not recorded either"
                : "its dropped_lines is " + dropped));
    }

    private void warn(String message) {
        say("warning: session " + options.sessionId() + ": " + message);
    }

    private void say(String message) {
        try {
            terminal.err().write(("tapedeck: " + message + "\n").getBytes(StandardCharsets.UTF_8));
            terminal.err().flush();
        } catch (IOException e) {
            LOG.debug("could not write to stderr: {}", e.toString());
        }
    }

    private static int waitFor(Process process) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return process.waitFor();
                } catch (InterruptedException e) {
                    // The child's exit is what we are here for: keep waiting, restore the flag after.
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static Thread start(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void join(Thread thread, Duration timeout) {
        try {
            thread.join(Math.max(1, timeout.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
