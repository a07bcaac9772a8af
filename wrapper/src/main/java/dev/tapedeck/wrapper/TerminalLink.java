package dev.tapedeck.wrapper;

import java.io.File;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Joins the user's terminal to the command's PTY ({@link PtyChild}) while the command runs, as
 * util-linux {@code script} did: our terminal in raw mode, so that every key (Ctrl-C and Ctrl-Z
 * included) reaches the command's terminal, whose own line discipline acts on it; our stdin copied
 * to the PTY; our terminal's size passed on whenever it changes (SIGWINCH).
 *
 * <p>Raw mode is set with {@code stty} (Java cannot reach a terminal's settings, and termios differs
 * between Linux and macOS) before the command starts, and the saved settings are put back by
 * {@link #close()} or, should the JVM exit first, by a shutdown hook. Only when our stdin is a
 * terminal; otherwise our stdin is copied as it comes and its end is passed on as the terminal's
 * end-of-file character (Ctrl-D), as {@code script} does. Threads: {@code child-stdin-PID} copies
 * (a daemon: it may wait on our stdin to the end; {@link #close()} wakes it by closing our stdin's
 * channel, so no key typed after the run is taken); the resize handler runs on the JVM's signal
 * thread; a stop of the command (job control, {@link #handleStops}) is handled on
 * {@code child-suspend-PID}.
 */
final class TerminalLink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TerminalLink.class);
    /** The end-of-file character of a terminal in canonical mode (VEOF), Ctrl-D. */
    private static final byte EOF_CHARACTER = 4;

    private final boolean stdinIsTerminal;
    /** {@code stty -g} of our terminal before raw mode; null when it was not changed. */
    private final String saved;
    private final Thread restoreOnExit;
    /** Set once the settings are put back (by close or the shutdown hook). */
    private final AtomicBoolean restored = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The terminal whose size is passed on: our stdin's, else our stdout's, else -1 (none). */
    private final int sizeFd;
    private volatile TerminalSize size;
    private FileChannel stdin;
    private SignalHandler previousWinch;
    private SignalHandler previousUsr1;
    /** What a stop of the command starts, once known (guarded by this). */
    private Runnable stops;
    /** A stop came before {@link #handleStops} (guarded by this). */
    private boolean stopPending;

    private TerminalLink(boolean stdinIsTerminal, String saved, int sizeFd, TerminalSize size) {
        this.stdinIsTerminal = stdinIsTerminal;
        this.saved = saved;
        this.sizeFd = sizeFd;
        this.size = size;
        this.restoreOnExit = new Thread(this::restore, "terminal-restore");
        if (saved != null) {
            Runtime.getRuntime().addShutdownHook(restoreOnExit);
        }
        installStopHandler();
    }

    /**
     * Reads our terminal's size and, when our stdin is a terminal, puts it in raw mode. A terminal
     * whose settings cannot be read or changed is left as it is (said in the log).
     */
    static TerminalLink open() {
        boolean stdinIsTerminal = PtyMode.isTerminal(0);
        int sizeFd = stdinIsTerminal ? 0 : PtyMode.isTerminal(1) ? 1 : -1;
        TerminalSize size = sizeFd < 0 ? null : PtyChild.sizeOf(sizeFd);
        String saved = null;
        if (stdinIsTerminal) {
            try {
                saved = stty("-g").strip();
                stty("raw", "-echo");
            } catch (IOException e) {
                LOG.warn("could not put the terminal in raw mode ({}); keys are read line by line", e.getMessage());
                saved = null;
            }
        }
        return new TerminalLink(stdinIsTerminal, saved, sizeFd, size);
    }

    /** Our terminal's size when the link was opened or last resized; null when there is no terminal. */
    TerminalSize size() {
        return size;
    }

    /**
     * Starts copying our stdin to the child's terminal and passing size changes on, each also given
     * to onResize (on the signal thread). Each piece of input the terminal echoes when it arrives is
     * also given to onInput (null: none), on the copying thread; what is typed with the echo off (a
     * password) is not.
     */
    void attach(PtyChild child, long pid, Consumer<TerminalSize> onResize, Consumer<byte[]> onInput) {
        stdin = new FileInputStream(FileDescriptor.in).getChannel();
        Thread copier = new Thread(() -> copyInput(stdin, child, onInput), "child-stdin-" + pid);
        copier.setDaemon(true);
        copier.start();
        if (sizeFd >= 0) {
            try {
                previousWinch = Signal.handle(new Signal("WINCH"), signal -> resized(child, onResize));
            } catch (IllegalArgumentException e) {
                LOG.debug("cannot handle SIGWINCH: {}", e.getMessage());
            }
        }
    }

    /**
     * Job control, as {@code sudo} does it on a PTY: when the command is stopped (Ctrl-Z reached its
     * terminal), the PTY's leader says so with SIGUSR1 and waits on resumeFifo (see
     * {@link ChildProcess}). Then, on the thread {@code child-suspend-PID}, our terminal gets its
     * settings back and tapedeck stops its own process group (SIGTSTP), so the user's shell takes
     * over, as it would from the command without tapedeck. When the shell resumes it ({@code fg}),
     * our terminal goes back into raw mode, the command's terminal takes our terminal's size (a
     * change is passed on and recorded), and the leader is told to resume the command in the
     * foreground (which redraws at SIGCONT, or at SIGWINCH when the size changed). Where there is
     * no shell to return to (our stdin is no terminal, or our process group is orphaned: the kernel
     * then discards SIGTSTP), tapedeck goes on at once, and the command is resumed as it was before
     * this existed. onJob is told "stopped" and "resumed", with their time taken by the caller.
     */
    synchronized void handleStops(PtyChild child, long pid, java.nio.file.Path resumeFifo,
            Consumer<TerminalSize> onResize, Consumer<String> onJob) {
        stops = () -> {
            Thread suspender = new Thread(() -> suspend(child, resumeFifo, onResize, onJob), "child-suspend-" + pid);
            suspender.setDaemon(true);
            suspender.start();
        };
        if (stopPending) {
            stopPending = false;
            stops.run();
        }
    }

    /**
     * The leader's SIGUSR1: handled from before the command starts (its default would end the JVM,
     * and a command can stop itself at once), run once {@link #handleStops} has said how.
     */
    private void installStopHandler() {
        try {
            previousUsr1 = Signal.handle(new Signal("USR1"), signal -> {
                synchronized (this) {
                    if (stops != null) {
                        stops.run();
                    } else {
                        stopPending = true;
                    }
                }
            });
        } catch (IllegalArgumentException e) {
            LOG.debug("cannot handle SIGUSR1: {}", e.getMessage());
        }
    }

    private void suspend(PtyChild child, java.nio.file.Path resumeFifo, Consumer<TerminalSize> onResize,
            Consumer<String> onJob) {
        if (closed.get()) {
            return;
        }
        boolean resizedMeanwhile = false;
        TerminalSize before = size;
        onJob.accept("stopped");
        try {
            if (saved != null) {
                stty(saved);
                // Our whole process group, as the terminal would stop it: a pipeline's other parts too.
                Process stop = new ProcessBuilder("kill", "-s", "TSTP", "0").redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                stop.waitFor();
                // Resumed (fg): the terminal is ours again.
                stty("raw", "-echo");
                // Our SIGWINCH handler may have passed it on first, as we went on: either way it came
                // while the command was stopped.
                resized(child, onResize);
                resizedMeanwhile = !java.util.Objects.equals(before, size);
            }
        } catch (IOException e) {
            LOG.warn("could not hand the terminal back while the command is stopped: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        onJob.accept("resumed");
        try {
            if (resizedMeanwhile) {
                // The kernel sent SIGWINCH to the terminal's foreground group: while the command is
                // stopped, that is the leader. The command's group gets its own, sent while it is still
                // stopped so that it is there, pending, the moment the command goes on.
                String group = java.nio.file.Files.readString(resumeFifo.resolveSibling("pid")).strip();
                new ProcessBuilder("kill", "-s", "WINCH", "--", "-" + group).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
            }
            java.nio.file.Files.writeString(resumeFifo, "\n");
        } catch (IOException e) {
            LOG.warn("could not tell the terminal's leader to resume the command: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Passes our terminal's size on when it changed; whether it did. */
    private synchronized boolean resized(PtyChild child, Consumer<TerminalSize> onResize) {
        TerminalSize now = PtyChild.sizeOf(sizeFd);
        if (now == null || now.equals(size) || restored.get()) {
            return false;
        }
        size = now;
        try {
            child.resize(now);
            onResize.accept(now);
            return true;
        } catch (RuntimeException e) {
            LOG.debug("could not pass the terminal's new size {} on: {}", now, e.toString());
            return false;
        }
    }

    private void copyInput(FileChannel from, PtyChild child, Consumer<byte[]> onInput) {
        OutputStream to = child.input();
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        int last = '\n';
        try {
            while (from.read(buffer.clear()) >= 0) {
                if (buffer.position() > 0) {
                    // The echo as the input arrives, before the command can read it and change it.
                    if (onInput != null && child.echoes()) {
                        onInput.accept(java.util.Arrays.copyOf(buffer.array(), buffer.position()));
                    }
                    to.write(buffer.array(), 0, buffer.position());
                    to.flush();
                    last = buffer.get(buffer.position() - 1);
                }
            }
            if (!stdinIsTerminal) {
                // A line not ended takes one end-of-file character to be read as it is, and the next
                // is the end: a shell's `read` of "b" without a newline would wait forever otherwise.
                to.write(last == '\n' ? new byte[] {EOF_CHARACTER} : new byte[] {EOF_CHARACTER, EOF_CHARACTER});
                to.flush();
            }
        } catch (ClosedChannelException e) {
            LOG.debug("copying stdin stopped: the run has ended");
        } catch (IOException e) {
            LOG.debug("copying stdin to the command's terminal ended: {}", e.toString());
        }
    }

    /** Stops passing input and sizes on and puts our terminal's settings back. */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        restoreHandler("WINCH", previousWinch);
        restoreHandler("USR1", previousUsr1);
        restore();
        if (stdin != null) {
            try {
                stdin.close();
            } catch (IOException e) {
                // Closed either way: the copier's read ends.
            }
        }
        if (saved != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(restoreOnExit);
            } catch (IllegalStateException e) {
                // The JVM is exiting; the hook has restored the terminal.
            }
        }
    }

    private static void restoreHandler(String name, SignalHandler previous) {
        if (previous != null) {
            try {
                Signal.handle(new Signal(name), previous);
            } catch (IllegalArgumentException e) {
                LOG.debug("cannot restore the SIG{} handler: {}", name, e.getMessage());
            }
        }
    }

    private void restore() {
        if (restored.getAndSet(true) || saved == null) {
            return;
        }
        try {
            stty(saved);
        } catch (IOException e) {
            System.err.println("tapedeck: could not restore the terminal (run `stty sane`): " + e.getMessage());
        }
    }

    /** Runs stty on our stdin, which is the terminal. */
    private static String stty(String... args) throws IOException {
        String[] command = new String[args.length + 1];
        command[0] = "stty";
        System.arraycopy(args, 0, command, 1, args.length);
        Process process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.DISCARD).directory(new File("/")).start();
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
}
