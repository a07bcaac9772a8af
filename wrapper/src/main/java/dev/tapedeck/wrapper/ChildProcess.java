package dev.tapedeck.wrapper;

import dev.tapedeck.store.Stream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The wrapped command as a process: our stdin is inherited (so the child reads it directly and sees
 * its end), stdout and stderr are FIFOs read by the pumps (see {@link OutputFifos}); or the command
 * runs on a PTY of its own, opened in this process with pty4j ({@link PtyChild}), or, where that
 * library cannot load on Linux, through util-linux {@code script} whose output comes through the
 * stdout FIFO.
 */
final class ChildProcess {
    /** The command could not be started; exitCode is the shell's convention (127 or 126). */
    static final class StartFailure extends Exception {
        private static final long serialVersionUID = 1L;
        final int exitCode;

        StartFailure(String message, int exitCode, Throwable cause) {
            super(message, cause);
            this.exitCode = exitCode;
        }
    }

    /** The FIFO, beside the pid file, on which a PTY's leader waits for tapedeck to resume a stopped command. */
    static final String RESUME_FIFO = "resume";
    /** How often the PTY's session leader looks whether the command's jobs are still there. */
    private static final long LEADER_POLL_MILLIS = 50;

    private ChildProcess() {
    }

    /**
     * Starts the command with its stdout and stderr going into the FIFOs (whose read ends the pumps
     * must be opening already: the JDK opens the write ends here and waits for them), or into the
     * JDK's pipes when fifos is null, our stdin inherited. With viaScript, it runs on a terminal of
     * its own through util-linux {@code script} (the fallback when pty4j cannot be used, see
     * {@link #ptyLibraryProblem()}), which allocates the PTY, copies our stdin to it (in raw mode when
     * our stdin is a terminal), passes window size changes on, copies the terminal's output to the
     * stdout FIFO and exits with the exit code of its child, the session leader (see {@link #leader}).
     */
    static Process start(List<String> command, Path workingDirectory, boolean viaScript, OutputFifos fifos,
            Duration grace) throws StartFailure {
        requireRunnable(command.get(0), workingDirectory);
        List<String> argv = viaScript ? viaScript(command, fifos == null ? null : fifos.pidFile(), grace) : command;
        ProcessBuilder builder = new ProcessBuilder(argv)
                .directory(workingDirectory.toFile())
                .redirectInput(ProcessBuilder.Redirect.INHERIT);
        if (fifos != null) {
            builder.redirectOutput(fifos.path(Stream.STDOUT).toFile()).redirectError(fifos.path(Stream.STDERR).toFile());
        }
        if (viaScript) {
            builder.environment().put("SHELL", "/bin/sh");
        }
        try {
            return builder.start();
        } catch (IOException e) {
            throw failure(viaScript ? "script" : command.get(0), e);
        }
    }

    /**
     * Starts the command on a PTY that pty4j opens in this process, of the given size (null: none).
     * The PTY's session leader is the shell of {@link #leader}, started with our environment.
     */
    static PtyChild startOnPty(List<String> command, Path workingDirectory, Path pidFile, Duration grace,
            TerminalSize size) throws StartFailure {
        requireRunnable(command.get(0), workingDirectory);
        String launcher = "echo $$ >\"$0\"; exec \"$@\"";
        List<String> argv = List.of("/bin/sh", "-c", leader(command, launcher, pidFile, grace,
                pidFile == null ? null : pidFile.resolveSibling(RESUME_FIFO)));
        try {
            return PtyChild.start(argv, workingDirectory, System.getenv(), size);
        } catch (IOException e) {
            throw new StartFailure(command.get(0) + ": cannot start on a terminal: " + e.getMessage(), 126, e);
        }
    }

    /**
     * Why pty4j cannot open a PTY here (its native library did not load: an unsupported platform,
     * a temporary folder mounted noexec, ...), or null when it can. Anything the loading throws is
     * the answer, errors included: a library that does not link is a reason, not a crash.
     */
    static String ptyLibraryProblem() {
        try {
            PtyChild.load();
            return null;
        } catch (Throwable e) {
            Throwable cause = e;
            while (cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            // JNA's messages run over several lines (every place it looked): the first says it.
            String message = String.valueOf(cause.getMessage() != null ? cause.getMessage() : cause);
            return message.lines().findFirst().orElse(message).replaceFirst(":$", "");
        }
    }

    /**
     * {@code script} runs its command line with {@code $SHELL -c}: it is given {@code /bin/sh}, and
     * the command runs with the user's {@code SHELL} restored (agents read it), quoted word by word.
     */
    private static List<String> viaScript(List<String> command, Path pidFile, Duration grace) {
        String shell = System.getenv("SHELL");
        String restore = shell == null ? "unset SHELL" : "SHELL=" + quote(shell) + "; export SHELL";
        String launcher = "echo $$ >\"$0\"; " + restore + "; exec \"$@\"";
        return List.of("script", "--quiet", "--return", "--flush", "--command",
                leader(command, launcher, pidFile, grace, null), "/dev/null");
    }

    /**
     * The shell that leads the PTY (its session leader) runs the command with job control
     * ({@code set -m}): in a process group of its own, in the foreground, as an interactive shell
     * would. The command is not the session leader, so when it exits its background jobs are not sent
     * SIGHUP by the kernel (they were, and died, when the command itself was the leader). The leader
     * then waits, at most the grace, while the command's process group still has members (jobs it left
     * behind that may still print), and exits with the command's exit code; the PTY is done when it
     * exits. A command stopped by SIGTSTP (Ctrl-Z) is resumed in the foreground by the leader (as the
     * session leader it could not have been stopped: the signal is discarded for an orphaned process
     * group). With a resume FIFO to wait on (a PTY of ours), the leader first makes that FIFO, tells
     * tapedeck with SIGUSR1 (it is the leader's parent) and waits until tapedeck writes a line into
     * it: tapedeck meanwhile suspends itself and gives the user their shell back
     * ({@link TerminalLink}). Without one (no private folder, or {@code script}, whose leader's parent
     * is not tapedeck) it resumes the command at once. The command's pid (its process group's id)
     * comes from a small shell, the launcher, that writes it down and execs the command.
     * {@link ChildSignals} passes signals to the command, not to the leader, which would die of them
     * and lose its exit code; a hang-up of the terminal still reaches the leader, whose exit then hangs
     * the command up.
     */
    private static String leader(List<String> command, String launcher, Path pidFile, Duration grace,
            Path resumeFifo) {
        // Without a pid file (no private folder) the leader does not wait for the command's jobs.
        String pids = pidFile == null ? "/dev/null" : pidFile.toString();
        long polls = (grace.toMillis() + LEADER_POLL_MILLIS - 1) / LEADER_POLL_MILLIS;
        String waitForResume = resumeFifo == null ? "" : "{ mkfifo " + quote(resumeFifo.toString())
                + " && kill -USR1 $PPID && read _ <" + quote(resumeFifo.toString()) + "; } 2>/dev/null; rm -f "
                + quote(resumeFifo.toString()) + "; ";
        return String.join("; ",
                "set -m",
                "/bin/sh -c " + quote(launcher) + " " + quote(pids) + " " + SessionFacts.shellQuote(command),
                "rc=$?",
                "while [ \"$rc\" -gt 128 ] && jobs %1 >/dev/null 2>&1; do " + waitForResume
                        + "fg %1 >/dev/null 2>&1; rc=$?; done",
                "read pg 2>/dev/null <" + quote(pids),
                "n=0",
                "while [ \"$n\" -lt " + polls + " ] && [ -n \"$pg\" ] && kill -0 -\"$pg\" 2>/dev/null; do sleep "
                        + LEADER_POLL_MILLIS / 1000.0 + "; n=$((n+1)); done",
                "exit $rc");
    }

    private static String quote(String word) {
        return SessionFacts.shellQuote(List.of(word));
    }

    /**
     * Finds the command as the shell would (a path as it is, a name on PATH), so that a missing or
     * non-executable command is reported as such, with or without a PTY in between.
     */
    private static void requireRunnable(String name, Path workingDirectory) throws StartFailure {
        if (name.contains("/")) {
            Path file = workingDirectory.resolve(name);
            if (!Files.exists(file)) {
                throw new StartFailure(name + ": command not found", 127, null);
            }
            if (Files.isDirectory(file) || !Files.isExecutable(file)) {
                throw new StartFailure(name + ": permission denied (not executable)", 126, null);
            }
            return;
        }
        String path = System.getenv("PATH");
        boolean sawNonExecutable = false;
        for (String dir : (path == null ? "/usr/local/bin:/usr/bin:/bin" : path).split(":")) {
            Path file = Path.of(dir.isEmpty() ? "." : dir).resolve(name);
            if (Files.isRegularFile(file)) {
                if (Files.isExecutable(file)) {
                    return;
                }
                sawNonExecutable = true;
            }
        }
        throw sawNonExecutable ? new StartFailure(name + ": permission denied (not executable)", 126, null)
                : new StartFailure(name + ": command not found", 127, null);
    }

    private static StartFailure failure(String name, IOException e) {
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (message.contains("error=13") || message.contains("permission denied")) {
            return new StartFailure(name + ": permission denied (not executable)", 126, e);
        }
        if (message.contains("error=2") || message.contains("no such file")) {
            return new StartFailure(name + ": command not found", 127, e);
        }
        return new StartFailure(name + ": cannot start: " + e.getMessage(), 126, e);
    }
}
