package dev.tapedeck.wrapper;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command once started, and how it was: its process, the pumps of its output, when it started,
 * and on a PTY of ours the link to our terminal and the PTY itself (null otherwise). Made by the
 * thread that runs the command; {@link #closeTerminal()} is called by it once the output has ended.
 */
record StartedChild(Process process, OutputPumps pumps, Instant at, TerminalLink link, PtyChild pty) {
    private static final Logger LOG = LoggerFactory.getLogger(StartedChild.class);
    /** How long a pump told to stop may take to pass on what it has read. */
    private static final Duration PUMP_STOP = Duration.ofSeconds(1);

    /** The ways to run the command, and how many relaying processes lead down to it. */
    enum Mode {
        PIPES(0), PTY(1), SCRIPT(2);

        /** 0: the child is the command; 1: a shell leading its PTY; 2: script, and under it that shell. */
        final int relays;

        Mode(int relays) {
            this.relays = relays;
        }

        /**
         * On pipes, on a PTY of ours (pty4j), or, where pty4j cannot load, on util-linux {@code script}'s
         * PTY on Linux and on pipes elsewhere, after one warning.
         */
        static Mode choose(PtyMode wanted, Consumer<String> warn) {
            if (!wanted.wanted()) {
                return PIPES;
            }
            String problem = ChildProcess.ptyLibraryProblem();
            if (problem == null) {
                return PTY;
            }
            boolean linux = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux");
            warn.accept("the terminal library cannot be used here (" + problem + "); "
                    + (linux ? "the command gets its terminal from util-linux script" : "the command runs on pipes"));
            return linux ? SCRIPT : PIPES;
        }
    }

    /** Our terminal back as it was, and the PTY closed; again does nothing. */
    void closeTerminal() {
        if (link != null) {
            link.close();
        }
        if (pty != null) {
            pty.close();
        }
    }

    /**
     * The folder for the child's output: FIFOs, or on a PTY of ours only the folder for its leader's
     * pid file; null (said) when it cannot be made.
     */
    static OutputFifos makeFifos(Mode mode, Consumer<String> warn) {
        if (mode == Mode.PTY) {
            try {
                return OutputFifos.createFolder();
            } catch (IOException e) {
                LOG.warn("cannot make a private folder ({}); the command's background jobs are not waited for",
                        e.getMessage());
                return null;
            }
        }
        try {
            return OutputFifos.create();
        } catch (IOException e) {
            warn.accept("cannot make the pipes for the command's output (" + e.getMessage() + "); using Java's,"
                    + " which close when the command exits: background jobs it leaves may die of SIGPIPE");
            return null;
        }
    }

    /** On pipes, or on {@code script}'s PTY: our stdin is inherited. */
    static StartedChild start(RunOptions options, Mode mode, OutputFifos fifos, Terminal terminal, Tap tap)
            throws ChildProcess.StartFailure {
        // On FIFOs the pumps start first: the child's start opens the write ends and waits for their read ends.
        OutputPumps pumps = fifos == null ? null : OutputPumps.startOnFifos(fifos, terminal, tap);
        // Taken before the start: on FIFOs the pumps already read, and the child's first output may be
        // read before start returns; "started" must not come after it in time.
        Instant started = Instant.now();
        Process process;
        try {
            process = ChildProcess.start(options.command(), options.workingDirectory(), mode == Mode.SCRIPT, fifos,
                    options.grace());
        } catch (ChildProcess.StartFailure failure) {
            if (pumps != null) {
                pumps.release(PUMP_STOP);
            }
            throw failure;
        }
        return new StartedChild(process, pumps != null ? pumps : OutputPumps.startOnPipes(process, terminal, tap),
                started, null, null);
    }

    /**
     * On a PTY of ours, joined to our terminal by link (opened, so in raw mode, before): each change
     * of our terminal's size is passed on and given to onResize, each stop and resume of the command
     * (job control) to onJob, what is typed with the echo on to onInput (null: not recorded). The
     * link is closed when the start fails.
     */
    static StartedChild startOnPty(RunOptions options, TerminalLink link, OutputFifos fifos, Terminal terminal, Tap tap,
            Consumer<TerminalSize> onResize, Consumer<String> onJob, Consumer<byte[]> onInput)
            throws ChildProcess.StartFailure {
        Instant started = Instant.now();
        try {
            PtyChild pty = ChildProcess.startOnPty(options.command(), options.workingDirectory(),
                    fifos == null ? null : fifos.pidFile(), options.grace(), link.size());
            OutputPumps pumps = OutputPumps.startOnPty(pty.process(), terminal, tap);
            link.attach(pty, pty.process().pid(), onResize, onInput);
            if (fifos != null) {
                link.handleStops(pty, pty.process().pid(), fifos.pidFile().resolveSibling(ChildProcess.RESUME_FIFO),
                        onResize, onJob);
            }
            return new StartedChild(pty.process(), pumps, started, link, pty);
        } catch (ChildProcess.StartFailure | RuntimeException | Error failure) {
            link.close();
            throw failure;
        }
    }
}
