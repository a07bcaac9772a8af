package dev.tapedeck.api.cli;

import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Where a command's output goes: stdout, or the screen's pager when it has one, written as it is
 * made (a listing of every session is never one string in memory). A pager that cannot start (not
 * installed) is skipped; a pager quit early (q in less), or a reader of stdout that went away
 * ({@code | head}), ends the writing without an error, as it does for git. Closing waits for the
 * pager to exit.
 */
public final class Printer implements AutoCloseable {
    private final Writer out;
    private final Process pager;
    private boolean gone;

    private Printer(OutputStream stream, Process pager) {
        this.out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
        this.pager = pager;
    }

    public static Printer open(Screen screen) {
        if (!screen.pager().isEmpty()) {
            ProcessBuilder builder = new ProcessBuilder(screen.pager())
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                    .redirectError(ProcessBuilder.Redirect.INHERIT);
            builder.environment().putIfAbsent("LESS", "FRX");
            try {
                Process pager = builder.start();
                return new Printer(pager.getOutputStream(), pager);
            } catch (IOException e) {
                // No pager to be had: print directly.
            }
        }
        return new Printer(new FileOutputStream(FileDescriptor.out), null);
    }

    public void print(CharSequence text) {
        if (gone) {
            return;
        }
        try {
            out.append(text);
        } catch (IOException e) {
            // The reader went away: nothing is left to say it to.
            gone = true;
        }
    }

    /** Sends what was printed on now (a follower's new rows must not wait in the buffer). */
    public void flush() {
        if (gone) {
            return;
        }
        try {
            out.flush();
        } catch (IOException e) {
            // As in print.
            gone = true;
        }
    }

    /** Whether the reader went away (a pager quit, {@code | head}): printing more is pointless. */
    public boolean gone() {
        return gone;
    }

    /**
     * Flushes; closes the pager's input, so that it can end, but never stdout itself: a closed fd 1
     * would be taken by the next file the process opens (the database, in the launcher's training
     * of its archive, where several commands run in one JVM) and get the next command's output.
     */
    @Override
    public void close() {
        try {
            if (pager != null) {
                out.close();
            } else {
                out.flush();
            }
        } catch (IOException e) {
            // As in print.
        }
        if (pager != null) {
            try {
                pager.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
