package dev.tapedeck.wrapper;

import dev.tapedeck.store.Stream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies one output stream of the child to ours as soon as bytes arrive, then offers a copy to the
 * {@link Tap}. The copy-through comes first; the offer may wait a bounded time when recording is
 * behind (see {@link Tap}). If our side of the stream
 * is closed (a reader went away), the pump closes the child's pipe so the child sees the same broken
 * pipe it would have seen without us.
 */
final class OutputPump implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(OutputPump.class);
    private static final int BUFFER_BYTES = 64 * 1024;

    private final InputStream from;
    private final OutputStream to;
    private final Stream stream;
    private final Tap tap;
    /** Owned by the pump thread: false once handing copies to the recorder has failed. */
    private boolean recording = true;

    OutputPump(InputStream from, OutputStream to, Stream stream, Tap tap) {
        this.from = from;
        this.to = to;
        this.stream = stream;
        this.tap = tap;
    }

    @Override
    public void run() {
        byte[] buffer = new byte[BUFFER_BYTES];
        boolean passing = true;
        try {
            int n;
            while ((n = from.read(buffer)) > 0) {
                if (passing) {
                    passing = writeThrough(buffer, n);
                }
                offerCopy(buffer, n);
                if (!passing) {
                    break;
                }
            }
        } catch (IOException e) {
            LOG.debug("reading child {} ended: {}", stream.wireName(), e.toString());
        } finally {
            closeChildPipe(passing);
            try {
                tap.end(stream);
            } catch (Throwable e) {
                LOG.warn("could not mark the end of {}: {}", stream.wireName(), e.toString());
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
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            recording = false;
            LOG.warn("recording {} stopped: {}; output still passes through", stream.wireName(), e.toString());
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

    private void closeChildPipe(boolean passing) {
        if (passing) {
            return;
        }
        try {
            from.close();
        } catch (IOException e) {
            // The pipe is going away either way; nothing is lost.
        }
    }
}
