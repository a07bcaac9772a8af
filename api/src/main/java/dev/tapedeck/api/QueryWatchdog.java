package dev.tapedeck.api;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The backstop of {@code db query --timeout}. SQLite's progress handler, which stops a statement at
 * its limit, runs only at the jumps of its program: a statement of one row whose expression calls
 * slow functions one after another (60 {@code hex(zeroblob(20000000))} added up: 15 s) has none,
 * and no interrupt reaches a function while it runs. So when the statement is still running
 * {@link #GRACE} after its limit, this thread says so on stderr and ends the process with the
 * timeout's exit code. Nothing is lost: the connection only read, and each row was flushed as it
 * was printed.
 */
final class QueryWatchdog implements AutoCloseable {
    /** How long after the limit the progress handler has to stop the statement itself. */
    static final Duration GRACE = Duration.ofSeconds(1);

    private final CountDownLatch finished = new CountDownLatch(1);

    private QueryWatchdog() {
    }

    /** Watches a statement that may run for limit: after limit and GRACE, report, then halt(exitCode). */
    static QueryWatchdog start(Duration limit, Runnable report, int exitCode) {
        QueryWatchdog watchdog = new QueryWatchdog();
        long waitNanos = limit.plus(GRACE).toNanos();
        Thread thread = new Thread(() -> {
            try {
                if (!watchdog.finished.await(waitNanos, TimeUnit.NANOSECONDS)) {
                    report.run();
                    Runtime.getRuntime().halt(exitCode);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "query-watchdog");
        thread.setDaemon(true);
        thread.start();
        return watchdog;
    }

    /** The statement ended (finished, failed or stopped): nothing to do. */
    @Override
    public void close() {
        finished.countDown();
    }
}
