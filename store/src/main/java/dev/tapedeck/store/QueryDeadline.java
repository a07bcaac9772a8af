package dev.tapedeck.store;

import java.time.Duration;
import org.sqlite.ProgressHandler;

/**
 * SQLite's progress handler for {@code tapedeck db query}: called every {@link #STEPS} virtual
 * machine instructions on the querying thread, it interrupts the statement (SQLITE_INTERRUPT) once
 * the time limit has passed. A runaway recursive CTE executes instructions all the time, so it is
 * stopped within a few milliseconds of the limit.
 */
final class QueryDeadline extends ProgressHandler {
    /** A few microseconds of work between looks at the clock. */
    static final int STEPS = 1000;

    private final long end;
    /** Set on the querying thread, read by it after the statement failed. */
    private volatile boolean passed;

    QueryDeadline(Duration limit) {
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("query time limit must be positive, got " + limit);
        }
        this.end = System.nanoTime() + limit.toNanos();
    }

    @Override
    protected int progress() {
        if (System.nanoTime() - end > 0) {
            passed = true;
            return 1;
        }
        return 0;
    }

    boolean passed() {
        return passed;
    }
}
