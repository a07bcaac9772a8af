package dev.tapedeck.api;

import dev.tapedeck.api.replay.Replay;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The keyboard of a terminal replay: space pauses and resumes, {@code q} stops, {@code +} and
 * {@code -} double and halve the speed. Only when both stdin and stdout are a terminal; then the
 * terminal is put into non-canonical mode without echo (with {@code stty}, as a terminal's line
 * discipline is not reachable from Java) and restored on close or on the JVM's exit, Ctrl-C
 * included. Output processing is left on, so the recorded bytes show as they did. Keys are read on
 * a daemon thread, {@code replay-keys}, which dies with the JVM.
 */
final class TerminalKeys implements AutoCloseable {
    private final String saved;
    private final Thread restoreOnExit;
    private final AtomicBoolean closed = new AtomicBoolean();

    private TerminalKeys(String saved) {
        this.saved = saved;
        this.restoreOnExit = new Thread(this::restore, "replay-terminal-restore");
    }

    /** Whether keys can be read: stdin and stdout are a terminal. */
    static boolean interactive() {
        return System.console() != null;
    }

    /** Starts reading keys for the replay; null when not interactive or the terminal can't be set. */
    static TerminalKeys attach(Replay replay) {
        if (!interactive()) {
            return null;
        }
        String saved;
        try {
            saved = stty("-g").strip();
            stty("-icanon", "-echo", "min", "1", "time", "0");
        } catch (IOException e) {
            return null;
        }
        TerminalKeys keys = new TerminalKeys(saved);
        Runtime.getRuntime().addShutdownHook(keys.restoreOnExit);
        Thread reader = new Thread(() -> readKeys(System.in, replay), "replay-keys");
        reader.setDaemon(true);
        reader.start();
        return keys;
    }

    private static void readKeys(InputStream in, Replay replay) {
        try {
            int key;
            while ((key = in.read()) != -1) {
                switch (key) {
                    case ' ' -> {
                        if (replay.status().state().equals("paused")) {
                            replay.resume();
                        } else {
                            replay.pause();
                        }
                    }
                    case 'q', 'Q' -> replay.stop();
                    case '+', '=' -> replay.speed(Math.min(Replay.MAX_SPEED, replay.status().speed() * 2));
                    case '-', '_' -> replay.speed(Math.max(1.0 / 64, replay.status().speed() / 2));
                    default -> {
                        // Other keys do nothing.
                    }
                }
            }
        } catch (IOException e) {
            // The terminal is gone; the replay plays on without keys.
        }
    }

    private void restore() {
        if (!closed.getAndSet(true)) {
            try {
                stty(saved);
            } catch (IOException e) {
                System.err.println("tapedeck: could not restore the terminal (run `stty sane`): " + e.getMessage());
            }
        }
    }

    /** The terminal's size, columns then rows (from {@code stty size}); null when it cannot be read. */
    static int[] size() {
        try {
            String[] rowsColumns = stty("size").strip().split("\\s+");
            return new int[] {Integer.parseInt(rowsColumns[1]), Integer.parseInt(rowsColumns[0])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String stty(String... args) throws IOException {
        String[] command = new String[args.length + 1];
        command[0] = "stty";
        System.arraycopy(args, 0, command, 1, args.length);
        Process process = new ProcessBuilder(command).redirectInput(new File("/dev/tty"))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(5, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException("stty " + String.join(" ", args) + " failed");
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running stty", e);
        }
    }

    @Override
    public void close() {
        restore();
        try {
            Runtime.getRuntime().removeShutdownHook(restoreOnExit);
        } catch (IllegalStateException e) {
            // The JVM is already exiting; the hook restores the terminal.
        }
    }
}
