package dev.tapedeck.wrapper;

import dev.tapedeck.store.FileMessages;
import dev.tapedeck.store.Stream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies one output stream of the child to ours as soon as bytes arrive, then offers a copy to the
 * {@link Tap}. The copy-through comes first; the offer may wait a bounded time when recording is
 * behind (see {@link Tap}). It reads the child's FIFO (see {@link OutputFifos}), opened on its own
 * thread, until every writer has closed it, however long after the child's exit that is, or until
 * {@link #stopReading()}: the read end is a {@link FileChannel}, whose close wakes a blocked read
 * without taking any bytes, so what is left in the pipe stays there for whoever reads it next.
 * If our side of the stream is closed (a reader went away), the pump closes the child's pipe so the
 * child sees the same broken pipe it would have seen without us.
 */
final class OutputPump implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(OutputPump.class);
    private static final int BUFFER_BYTES = 64 * 1024;

    /** Opens the read end: on the pump's thread, since opening a FIFO waits for its writer. */
    private final Opener opener;
    private final OutputStream to;
    private final Stream stream;
    private final Tap tap;
    /** Owned by the pump thread: false once handing copies to the recorder has failed. */
    private boolean recording = true;
    /** The open read end: set by the pump thread, closed by it or by {@link #stopReading()}. */
    private volatile ReadableByteChannel from;
    /** Set by the waiting thread when the rest of the output is handed to someone else. */
    private volatile boolean stopped;

    @FunctionalInterface
    private interface Opener {
        ReadableByteChannel open() throws IOException;
    }

    private OutputPump(Opener opener, OutputStream to, Stream stream, Tap tap) {
        this.opener = opener;
        this.to = to;
        this.stream = stream;
        this.tap = tap;
    }

    /** A pump of the child's FIFO (see {@link OutputFifos}). */
    static OutputPump ofFifo(Path fifo, OutputStream to, Stream stream, Tap tap) {
        return new OutputPump(() -> FileChannel.open(fifo, StandardOpenOption.READ), to, stream, tap);
    }

    /**
     * A pump of one of the JDK's pipes, when FIFOs could not be made: the JDK closes it when the
     * child exits, and {@link #stopReading()} does not wake a read that waits on it.
     */
    static OutputPump ofPipe(InputStream pipe, OutputStream to, Stream stream, Tap tap) {
        return new OutputPump(() -> Channels.newChannel(pipe), to, stream, tap);
    }

    @Override
    public void run() {
        boolean passing = true;
        try (ReadableByteChannel channel = opener.open()) {
            from = channel;
            if (!stopped) {
                passing = pump(channel);
            }
        } catch (AsynchronousCloseException e) {
            LOG.debug("reading child {} stopped: the rest is handed on", stream.wireName());
        } catch (IOException e) {
            LOG.debug("reading child {} ended: {}", stream.wireName(), e.toString());
        } finally {
            if (!passing) {
                LOG.debug("our {} is closed; the child's pipe is closed too", stream.wireName());
            }
            try {
                tap.end(stream);
            } catch (Throwable e) {
                LOG.warn("could not mark the end of {}: {}", stream.wireName(), FileMessages.of(e));
            }
        }
    }

    /** Reads until the end of the child's output; false when our side of the stream went away. */
    private boolean pump(ReadableByteChannel channel) throws IOException {
        byte[] buffer = new byte[BUFFER_BYTES];
        ByteBuffer wrapped = ByteBuffer.wrap(buffer);
        int n;
        while ((n = channel.read(wrapped.clear())) >= 0) {
            if (n == 0) {
                continue;
            }
            boolean passing = writeThrough(buffer, n);
            offerCopy(buffer, n);
            if (!passing) {
                return false;
            }
        }
        return true;
    }

    /**
     * Stops reading: a read that waits for bytes ends without taking any (they stay in the pipe for
     * the next reader), and the pump ends once what it already read is passed on. Called by the
     * thread that waits for the child, after someone else holds a read end of the same FIFO.
     */
    void stopReading() {
        stopped = true;
        ReadableByteChannel channel = from;
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // Closed either way: the pump's read ends.
            }
        }
    }

    /**
     * Hands a copy to the recorder. Whatever goes wrong here (even running out of memory) costs
     * the recording of this stream, never the pass-through: the pump must keep draining the
     * child's pipe, or the child would block on a full pipe.
     */
    private void offerCopy(byte[] buffer, int length) {
        if (!recording) {
            return;
        }
        try {
            tap.offer(stream, buffer, length);
        } catch (InterruptedException e) {
            // Pumps are not interrupted by tapedeck; should it happen, the copy is lost, not the output.
            // The flag is not restored: an interrupted channel read closes the FIFO, which would kill
            // the child with SIGPIPE.
            LOG.debug("offering a copy of {} was interrupted; that copy is lost", stream.wireName());
        } catch (Throwable e) {
            recording = false;
            LOG.warn("recording {} stopped: {}; output still passes through", stream.wireName(), FileMessages.of(e));
        }
    }

    private boolean writeThrough(byte[] buffer, int length) {
        try {
            to.write(buffer, 0, length);
            to.flush();
            return true;
        } catch (IOException e) {
            LOG.debug("our {} is closed ({}); closing the child's pipe", stream.wireName(), e.toString());
            return false;
        }
    }
}
