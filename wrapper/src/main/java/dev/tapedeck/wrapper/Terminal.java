package dev.tapedeck.wrapper;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;

/** Where the child's output is passed through to, and where our own messages go. */
public record Terminal(OutputStream out, OutputStream err) {

    /** Our process's own stdout and stderr, unbuffered: every write is one system call. */
    public static Terminal system() {
        return new Terminal(new FileOutputStream(FileDescriptor.out), new FileOutputStream(FileDescriptor.err));
    }
}
