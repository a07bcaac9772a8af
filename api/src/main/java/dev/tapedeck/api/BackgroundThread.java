package dev.tapedeck.api;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A named daemon thread running one of the daemon's loops (search indexing, retention, orphan
 * checks). Closing it sets the flag the loop checks, interrupts its sleep and waits a bounded time
 * for it to end.
 */
final class BackgroundThread implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundThread.class);
    private static final long STOP_SECONDS = 5;

    private final Thread thread;
    private final AtomicBoolean closed = new AtomicBoolean();

    BackgroundThread(String name, Runnable loop) {
        this.thread = new Thread(loop, name);
        this.thread.setDaemon(true);
    }

    /**
     * A thread that runs turn every period until closed. A turn that fails is logged and the next
     * one comes as usual.
     */
    static BackgroundThread repeating(String name, long periodMillis, Runnable turn) {
        return new BackgroundThread(name, periodMillis, turn);
    }

    private BackgroundThread(String name, long periodMillis, Runnable turn) {
        this.thread = new Thread(() -> repeat(periodMillis, turn), name);
        this.thread.setDaemon(true);
    }

    private void repeat(long periodMillis, Runnable turn) {
        try {
            while (!isClosed()) {
                Thread.sleep(periodMillis);
                try {
                    turn.run();
                } catch (RuntimeException e) {
                    LOG.warn("{} failed: {}", thread.getName(), e.getMessage());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void start() {
        thread.start();
    }

    /** Whether the loop should end; read by the loop's thread every turn. */
    boolean isClosed() {
        return closed.get();
    }

    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(STOP_SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("thread {} did not stop within {} s", thread.getName(), STOP_SECONDS);
        }
    }
}
