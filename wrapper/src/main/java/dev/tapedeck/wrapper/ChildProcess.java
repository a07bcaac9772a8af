package dev.tapedeck.wrapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The wrapped command as a process: our stdin is inherited (so the child reads it directly and sees
 * its end), stdout and stderr are pipes read by the pumps, or the command runs on a PTY of its own
 * whose output comes through stdout.
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

    private ChildProcess() {
    }

    /**
     * Starts the command; with pty, on a terminal of its own through util-linux {@code script},
     * which allocates the PTY, copies our stdin to it (in raw mode when our stdin is a terminal),
     * passes window size changes on and exits with the command's exit code. {@code script} runs the
     * command with {@code $SHELL -c}: it is given {@code /bin/sh}, and the command line restores the
     * user's {@code SHELL} (agents read it) before it execs the command, quoted word by word.
     */
    static Process start(List<String> command, Path workingDirectory, boolean pty) throws StartFailure {
        requireRunnable(command.get(0), workingDirectory);
        List<String> argv = pty ? viaScript(command) : command;
        ProcessBuilder builder = new ProcessBuilder(argv)
                .directory(workingDirectory.toFile())
                .redirectInput(ProcessBuilder.Redirect.INHERIT);
        if (pty) {
            builder.environment().put("SHELL", "/bin/sh");
        }
        try {
            return builder.start();
        } catch (IOException e) {
            throw failure(pty ? "script" : command.get(0), e);
        }
    }

    private static List<String> viaScript(List<String> command) {
        String shell = System.getenv("SHELL");
        String restore = shell == null ? "unset SHELL; " : "SHELL=" + SessionFacts.shellQuote(List.of(shell)) + " ";
        return List.of("script", "--quiet", "--return", "--flush", "--command",
                restore + "exec " + SessionFacts.shellQuote(command), "/dev/null");
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
