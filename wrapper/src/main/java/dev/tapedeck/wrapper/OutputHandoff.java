package dev.tapedeck.wrapper;

import dev.tapedeck.store.Stream;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What becomes of a child's output that is still open when the grace after its exit is over (a
 * background job holds it): a {@code cat} process takes over the FIFO's read end and copies the rest
 * to our own stdout or stderr, unrecorded, and the pump stops. The jobs are left running; their
 * output goes where it would have gone without tapedeck, and they never meet a pipe without a reader
 * (SIGPIPE) because of us. The copier ends when the last of them closes the FIFO, or dies with them
 * of SIGPIPE if whoever reads our stdout goes away, as they would without us. When the pass-through
 * is not to our own stdout and stderr (a test's streams), the copier discards the rest instead.
 *
 * <p>The JDK opens the FIFO for the copier before starting it, and that open blocks if the last
 * writer closed just before: it runs on the thread {@code child-handoff-STREAM-PID}, and the hand-off
 * is given up when the pump sees the end of the output first (nothing left to hand on); a writer
 * that comes and goes then lets that open go.
 */
final class OutputHandoff {
    private static final Logger LOG = LoggerFactory.getLogger(OutputHandoff.class);
    private static final Duration START_WAIT = Duration.ofSeconds(5);

    private OutputHandoff() {
    }

    /** What became of a stream still open at the end of the grace. */
    enum Outcome {
        /** A copier holds the rest; the pump has stopped. */
        HANDED_ON,
        /** The output ended (its last writer closed it) before a copier started: nothing to hand on. */
        ENDED,
        /** No copier could be started; the pump has stopped all the same (said in a warning). */
        STOPPED
    }

    /** Hands the rest of fifo to a copier and stops the pump, unless the output ends first. */
    static Outcome handOff(Path fifo, Stream stream, boolean toOurs, OutputPump pump, Thread pumpThread, long pid) {
        FutureTask<Process> starting = new FutureTask<>(() -> copier(stream, toOurs, fifo).start());
        Thread starter = new Thread(starting, "child-handoff-" + stream.wireName() + "-" + pid);
        starter.setDaemon(true);
        starter.start();
        long deadline = System.nanoTime() + START_WAIT.toNanos();
        try {
            while (pumpThread.isAlive() && System.nanoTime() < deadline) {
                try {
                    starting.get(10, TimeUnit.MILLISECONDS);
                    pump.stopReading();
                    return Outcome.HANDED_ON;
                } catch (TimeoutException e) {
                    // Not started yet: look again whether the output has ended meanwhile.
                }
            }
        } catch (ExecutionException e) {
            LOG.warn("could not hand on the {} of process {} still open after the grace: {}",
                    stream.wireName(), pid, e.getCause() instanceof IOException io ? io.getMessage() : e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!pumpThread.isAlive()) {
            if (!starting.isDone()) {
                // Its open waits for a writer that will not come: one that comes and goes lets it
                // go, and the copier starts, reads the end at once and exits.
                letGo(fifo);
            }
            return Outcome.ENDED;
        }
        pump.stopReading();
        return Outcome.STOPPED;
    }

    private static void letGo(Path fifo) {
        try {
            new RandomAccessFile(fifo.toFile(), "rw").close();
        } catch (IOException e) {
            LOG.debug("could not let the hand-off of {} go: {}", fifo, e.toString());
        }
    }

    private static ProcessBuilder copier(Stream stream, boolean toOurs, Path fifo) {
        List<String> command = toOurs && stream == Stream.STDERR ? List.of("/bin/sh", "-c", "exec cat >&2")
                : List.of("cat");
        return new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(fifo.toFile()))
                .redirectOutput(toOurs ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.DISCARD)
                .redirectError(toOurs ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.DISCARD)
                .directory(new File("/"));
    }
}
