package dev.tapedeck.wrapper;

import dev.tapedeck.store.Stream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The child's two output pumps and their threads ({@code child-stdout-PID}, {@code child-stderr-PID}):
 * on the FIFOs, started before the child (their opens wait for its write ends), or on the JDK's
 * pipes when there are no FIFOs, started after it. Used by the thread that waits for the child.
 */
final class OutputPumps {
    private static final List<Stream> STREAMS = List.of(Stream.STDOUT, Stream.STDERR);

    /** Null on the JDK's pipes and on a PTY: then nothing can be handed on. */
    private final OutputFifos fifos;
    /** On a PTY of ours: closing its master stops a pump's read (and leaves whatever writes on with EIO). */
    private final boolean onPty;
    private final List<OutputPump> pumps = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    private OutputPumps(OutputFifos fifos, boolean onPty) {
        this.fifos = fifos;
        this.onPty = onPty;
    }

    static OutputPumps startOnFifos(OutputFifos fifos, Terminal terminal, Tap tap) {
        OutputPumps started = new OutputPumps(fifos, false);
        for (Stream stream : STREAMS) {
            started.start(OutputPump.ofFifo(fifos.path(stream), to(terminal, stream), stream, tap), stream);
        }
        return started;
    }

    static OutputPumps startOnPipes(Process process, Terminal terminal, Tap tap) {
        return startOnStreams(process, terminal, tap, false);
    }

    /**
     * On the master side of a PTY opened by pty4j ({@link PtyChild}): its process's stdout, and a
     * stderr that is empty (the terminal carries both).
     */
    static OutputPumps startOnPty(Process process, Terminal terminal, Tap tap) {
        return startOnStreams(process, terminal, tap, true);
    }

    private static OutputPumps startOnStreams(Process process, Terminal terminal, Tap tap, boolean onPty) {
        OutputPumps started = new OutputPumps(null, onPty);
        started.start(OutputPump.ofPipe(process.getInputStream(), terminal.out(), Stream.STDOUT, tap), Stream.STDOUT);
        started.start(OutputPump.ofPipe(process.getErrorStream(), terminal.err(), Stream.STDERR, tap), Stream.STDERR);
        return started;
    }

    private void start(OutputPump pump, Stream stream) {
        Thread thread = new Thread(pump, "child-" + stream.wireName());
        thread.setDaemon(true);
        thread.start();
        pumps.add(pump);
        threads.add(thread);
    }

    void nameAfter(long pid) {
        for (int i = 0; i < threads.size(); i++) {
            threads.get(i).setName("child-" + STREAMS.get(i).wireName() + "-" + pid);
        }
    }

    /** The child did not start: pumps waiting to open a FIFO are let go, and end. */
    void release(Duration wait) {
        if (fifos != null) {
            fifos.releaseWaitingReaders();
        }
        awaitStopped(wait);
    }

    /** Waits for the end of the child's output until the deadline; returns the streams still open. */
    List<Stream> awaitEnd(long deadlineNanos) {
        List<Stream> open = new ArrayList<>();
        for (int i = 0; i < threads.size(); i++) {
            long left = deadlineNanos - System.nanoTime();
            if (left > 0) {
                join(threads.get(i), Duration.ofNanos(left));
            }
            if (threads.get(i).isAlive()) {
                open.add(STREAMS.get(i));
            }
        }
        return open;
    }

    /** The streams still open at the end of the grace, and whether a copier took each of them. */
    record Leftover(List<Stream> streams, boolean handedOn) {
    }

    /**
     * Hands the rest of each stream still open to a copier (see {@link OutputHandoff}). A stream that
     * ends meanwhile is not left over. On the JDK's pipes nothing can be handed on: their pumps are
     * left to end with the pipes. On a PTY there is no one to hand on to either (the terminal ends
     * with the run): the pumps stop, which closes the PTY, and what is still written to it fails.
     */
    Leftover handOff(List<Stream> open, boolean toOurs, long pid) {
        if (fifos == null) {
            if (onPty) {
                open.forEach(stream -> pumps.get(STREAMS.indexOf(stream)).stopReading());
            }
            return new Leftover(open, false);
        }
        List<Stream> left = new ArrayList<>();
        boolean handedOn = true;
        for (Stream stream : open) {
            int i = STREAMS.indexOf(stream);
            OutputHandoff.Outcome outcome = OutputHandoff.handOff(fifos.path(stream), stream, toOurs, pumps.get(i),
                    threads.get(i), pid);
            if (outcome != OutputHandoff.Outcome.ENDED) {
                left.add(stream);
                handedOn &= outcome == OutputHandoff.Outcome.HANDED_ON;
            }
        }
        return new Leftover(left, handedOn);
    }

    void awaitStopped(Duration wait) {
        for (Thread thread : threads) {
            join(thread, wait);
        }
    }

    private static java.io.OutputStream to(Terminal terminal, Stream stream) {
        return stream == Stream.STDERR ? terminal.err() : terminal.out();
    }

    private static void join(Thread thread, Duration timeout) {
        try {
            thread.join(Math.max(1, timeout.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
