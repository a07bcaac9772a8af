package dev.tapedeck.api.sse;

import io.undertow.server.AbstractServerConnection;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.xnio.IoUtils;
import org.xnio.channels.StreamSourceChannel;

/**
 * One Server-Sent-Events response, written with blocking writes by the one thread that owns the
 * stream (never an IO thread). Frames follow the house rules: {@code id:} and {@code event:} with
 * CR and LF removed, {@code data:} one line of compact JSON.
 *
 * <p>A client that goes away is noticed at once, also while nothing is being written: the
 * connection's read side is watched for the end of input, and {@link #onClose} callbacks run on
 * the IO thread. {@link #blockedSinceNanos()} tells a watchdog how long a write has been stuck on
 * a client that stopped reading; {@link #close()} from any thread unblocks it.
 */
public final class SseChannel implements AutoCloseable {
    private static final HttpString ACCEL_BUFFERING = new HttpString("X-Accel-Buffering");

    private final HttpServerExchange exchange;
    private final OutputStream out;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final List<Runnable> closeListeners = new CopyOnWriteArrayList<>();
    /** System.nanoTime() when the current write started, 0 when none is under way; set by the owner. */
    private volatile long blockedSince;
    /** Set by the owner thread when it stops wanting interrupts on close. */
    private volatile AtomicBoolean ownerDone;

    private SseChannel(HttpServerExchange exchange) {
        this.exchange = exchange;
        exchange.startBlocking();
        this.out = exchange.getOutputStream();
    }

    /** Starts the SSE response of exchange (on the owner's thread, after dispatch). */
    public static SseChannel open(HttpServerExchange exchange) throws IOException {
        exchange.setStatusCode(200);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/event-stream; charset=UTF-8");
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-cache");
        exchange.getResponseHeaders().put(ACCEL_BUFFERING, "no");
        exchange.setPersistent(false);
        SseChannel channel = new SseChannel(exchange);
        channel.watchForEndOfInput();
        channel.out.flush();
        return channel;
    }

    private void watchForEndOfInput() {
        if (!(exchange.getConnection() instanceof AbstractServerConnection connection)) {
            return;
        }
        StreamSourceChannel source = connection.getChannel().getSourceChannel();
        source.getReadSetter().set(ch -> {
            ByteBuffer discard = ByteBuffer.allocate(256);
            try {
                int read;
                while ((read = ch.read(discard)) > 0) {
                    discard.clear();
                }
                if (read < 0) {
                    close();
                }
            } catch (IOException e) {
                close();
            }
        });
        source.resumeReads();
    }

    /** Adds a frame; written to the client at the next {@link #flush()}. */
    public void send(String event, String id, String json) throws IOException {
        StringBuilder frame = new StringBuilder(json.length() + 64);
        if (id != null) {
            frame.append("id: ").append(singleLine(id)).append('\n');
        }
        frame.append("event: ").append(singleLine(event)).append('\n');
        frame.append("data: ").append(singleLine(json)).append("\n\n");
        write(frame.toString());
    }

    public void comment(String text) throws IOException {
        write(": " + singleLine(text) + "\n\n");
        flush();
    }

    public void flush() throws IOException {
        if (closed.get()) {
            throw new IOException("the client has gone");
        }
        blockedSince = System.nanoTime();
        try {
            out.flush();
        } catch (RuntimeException e) {
            throw gone(e);
        } finally {
            blockedSince = 0;
        }
    }

    private void write(String text) throws IOException {
        if (closed.get()) {
            throw new IOException("the client has gone");
        }
        blockedSince = System.nanoTime();
        try {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw gone(e);
        } finally {
            blockedSince = 0;
        }
    }

    /**
     * A write that races the client's disconnect can meet Undertow's stream half closed, which
     * throws unchecked exceptions (a NullPointerException for its released buffer); once the
     * channel is closed that is just the client going away.
     */
    private IOException gone(RuntimeException e) {
        if (closed.get() || !exchange.getConnection().isOpen()) {
            return new IOException("the client has gone", e);
        }
        throw e;
    }

    /** When the write under way started (System.nanoTime()), or 0 when none is. */
    public long blockedSinceNanos() {
        return blockedSince;
    }

    public boolean isOpen() {
        return !closed.get();
    }

    /** Runs listener once when the stream closes, for whatever reason (at once if it has). */
    public void onClose(Runnable listener) {
        closeListeners.add(listener);
        if (closed.get() && closeListeners.remove(listener)) {
            listener.run();
        }
    }

    /**
     * Interrupts the calling thread (the stream's owner) when the stream closes, so a wait for the
     * next event ends at once. Close listeners run on an IO thread, which must never wait for a
     * lock the owner may hold; an interrupt is all it does.
     */
    public void interruptOwnerOnClose() {
        Thread owner = Thread.currentThread();
        AtomicBoolean done = new AtomicBoolean();
        onClose(() -> {
            if (!done.get()) {
                owner.interrupt();
            }
        });
        ownerDone = done;
    }

    /** Stops interrupting the owner (it is leaving) and clears an interrupt already delivered. */
    public void releaseOwner() {
        AtomicBoolean done = ownerDone;
        if (done != null) {
            done.set(true);
        }
        Thread.interrupted();
    }

    /** Waits up to timeoutNanos for a collection other threads empty, checking every 10 ms. */
    public static void awaitEmpty(java.util.Collection<?> items, long timeoutNanos) {
        long deadline = System.nanoTime() + timeoutNanos;
        try {
            while (!items.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public HttpServerExchange exchange() {
        return exchange;
    }

    /** Ends the response properly (the last chunk is sent), then closes. */
    public void finish() {
        try {
            if (isOpen()) {
                out.close();
            }
        } catch (IOException e) {
            // The client went away as we finished; closing below is all that is left to do.
        }
        close();
    }

    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        IoUtils.safeClose(exchange.getConnection());
        for (Runnable listener : closeListeners) {
            if (closeListeners.remove(listener)) {
                listener.run();
            }
        }
    }

    private static String singleLine(String text) {
        if (text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            return text;
        }
        return text.replace("\r", "").replace("\n", "");
    }
}
