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
        return this == ALWAYS || this == AUTO && bothTerminals();
    }

    /** Where Linux lists a process's open files as links to them; absent on macOS and the BSDs. */
    private static final Path OPEN_FILES = Path.of("/proc/self/fd");

    /**
     * Whether our stdin and stdout are both terminals. Without {@code /proc}: {@link System#console()},
     * which the JDK gives exactly then (up to Java 21; from 22 on it may give one anyway, and its
     * {@code isTerminal()} says), so that pipes never load the C library for it.
     */
    static boolean bothTerminals() {
        if (Files.isDirectory(OPEN_FILES)) {
            return isTerminal(0) && isTerminal(1);
        }
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            // Before Java 22 there is no isTerminal(): a console means both are terminals.
            return true;
        }
    }

    /**
     * Whether our file descriptor fd is a terminal: on Linux, /proc/self/fd/N links to a tty, which
     * costs no library; elsewhere the C library's isatty (loaded then).
     */
    static boolean isTerminal(int fd) {
        try {
            String target = Files.readSymbolicLink(OPEN_FILES.resolve(Integer.toString(fd))).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException e) {
            return !Files.isDirectory(OPEN_FILES) && Termios.isatty(fd);
        }
    }
}
