package dev.tapedeck.store;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.sqlite.BusyHandler;

/**
 * How a write connection waits for another process's write lock: it tries again every millisecond,
 * up to the busy timeout. SQLite's own busy timeout sleeps longer and longer between tries (up to
 * 100 ms), and a writer that sleeps that long rarely finds the lock free when several others take
 * it in turn: among ten recorders, one was seen left out for over 10 s.
 */
final class LockWait extends BusyHandler {
    private final long timeoutNanos;
    private long firstTryNanos;

    LockWait(long timeoutMillis) {
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    }

    @Override
    protected int callback(int previousTries) {
        long now = System.nanoTime();
        if (previousTries == 0) {
            firstTryNanos = now;
        }
        if (now - firstTryNanos >= timeoutNanos) {
            return 0;
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        return 1;
    }
}
