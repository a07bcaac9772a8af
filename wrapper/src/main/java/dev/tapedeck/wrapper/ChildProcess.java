package dev.tapedeck.wrapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The wrapped command as a process: our stdin is inherited (so the child reads it directly and sees
 * its end), stdout and stderr are pipes read by the pumps.
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

    static Process start(List<String> command, Path workingDirectory) throws StartFailure {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workingDirectory.toFile())
                .redirectInput(ProcessBuilder.Redirect.INHERIT);
        try {
            return builder.start();
        } catch (IOException e) {
            String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            String name = command.get(0);
            if (message.contains("error=13") || message.contains("permission denied")) {
                throw new StartFailure(name + ": permission denied (not executable)", 126, e);
            }
            if (message.contains("error=2") || message.contains("no such file")) {
                throw new StartFailure(name + ": command not found", 127, e);
            }
            throw new StartFailure(name + ": cannot start: " + e.getMessage(), 126, e);
        }
    }
}
