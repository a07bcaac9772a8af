package dev.tapedeck.wrapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Whether the child runs on a terminal of its own. With a PTY, a program that checks for a terminal
 * (coloured output, an agent's interactive mode) behaves as it would without tapedeck; its stdout
 * and stderr then share the terminal, so everything is recorded as stdout.
 */
public enum PtyMode {
    /** A PTY when our own stdin and stdout are terminals: an interactive session. */
    AUTO,
    ALWAYS,
    NEVER;

    public static PtyMode parse(String text) {
        for (PtyMode mode : values()) {
            if (mode.name().toLowerCase(Locale.ROOT).equals(text)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("pty must be one of auto, always, never, got '" + text + "'");
    }

    boolean wanted() {
        return this == ALWAYS || this == AUTO && isTerminal(0) && isTerminal(1);
    }

    /** Whether our file descriptor fd is a terminal (Linux: /proc/self/fd/N links to a tty). */
    static boolean isTerminal(int fd) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
