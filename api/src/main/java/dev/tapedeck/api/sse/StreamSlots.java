package dev.tapedeck.api.sse;

import dev.tapedeck.api.http.HttpError;
import dev.tapedeck.api.http.Json;
import dev.tapedeck.api.http.JsonRoute;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The cap on SSE streams open at once, live streams and replays together. Each stream holds a
 * thread of its own for its whole life, so without a cap every client adds a thread (2,000
 * streams were 2,021 threads). A slot is taken on the IO thread before the stream's thread is
 * made, so a refused client costs no thread: it gets a 503 with the JSON error body, and is
 * counted. The stream's thread gives its slot back when the stream ends, however it ends.
 */
public final class StreamSlots {
    private static final HttpString RETRY_AFTER = new HttpString("Retry-After");

    private final int max;
    /** Taken on IO threads, given back on stream threads. */
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong rejected = new AtomicLong();

    public StreamSlots(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max streams must be at least 1, got " + max);
        }
        this.max = max;
    }

    /**
     * Takes a slot for the stream of exchange; when every slot is taken, answers 503 and returns
     * false. A true answer must be followed by exactly one {@link #release()}.
     */
    boolean tryTake(HttpServerExchange exchange) {
        while (true) {
            int now = open.get();
            if (now >= max) {
                rejected.incrementAndGet();
                exchange.getResponseHeaders().put(RETRY_AFTER, "5");
                JsonRoute.send(exchange, 503, Json.write(new HttpError(503, "service unavailable",
                        "too many open streams: " + now + " of at most " + max
                                + " (tapedeck serve --max-streams); try again later").body()));
                return false;
            }
            if (open.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    void release() {
        open.decrementAndGet();
    }

    /**
     * Runs a stream on a new thread of that name, holding a slot for its whole life; answers
     * 503 instead when no slot is free.
     */
    public void dispatch(HttpServerExchange exchange, String threadName, Runnable stream) {
        if (!tryTake(exchange)) {
            return;
        }
        Runnable holding = () -> {
            try {
                stream.run();
            } finally {
                release();
            }
        };
        exchange.dispatch(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            try {
                thread.start();
            } catch (RuntimeException | OutOfMemoryError e) {
                release();
                throw e;
            }
        }, holding);
    }

    /** Streams open now (slots taken). */
    public int open() {
        return open.get();
    }

    public int max() {
        return max;
    }

    /** Streams refused because every slot was taken. */
    public long rejected() {
        return rejected.get();
    }
}
