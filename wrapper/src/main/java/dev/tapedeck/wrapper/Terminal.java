package dev.tapedeck.wrapper;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;

/**
 * Where the child's output is passed through to, and where our own messages go.
 *
 * @param ours whether out and err are this process's own stdout and stderr: then what the child's
 *     background jobs print after the grace can be handed on to them (see {@link OutputHandoff});
 *     otherwise it is discarded
 */
public record Terminal(OutputStream out, OutputStream err, boolean ours) {

    /** Streams of the caller's (a test's): late output of background jobs is discarded, not printed. */
    public Terminal(OutputStream out, OutputStream err) {
        this(out, err, false);
    }

    /** Our process's own stdout and stderr, unbuffered: every write is one system call. */
    public static Terminal system() {
        return new Terminal(new FileOutputStream(FileDescriptor.out), new FileOutputStream(FileDescriptor.err), true);
    }
}
