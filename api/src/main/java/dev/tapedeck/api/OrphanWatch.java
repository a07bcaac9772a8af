package dev.tapedeck.api;

import dev.tapedeck.store.Database;
import dev.tapedeck.wrapper.OrphanedSessions;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's "orphans" thread: every few seconds, ends as {@code interrupted} the sessions whose
 * recorder on this host is gone (killed, crashed), so that a daemon that runs for weeks does not
 * show them as running, in its listings and in {@code tapedeck_sessions_active}, until the next
 * tapedeck opens the database. One read of the running sessions and a look at their recorders'
 * pids per turn.
 */
final class OrphanWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OrphanWatch.class);
    static final long EVERY_MILLIS = TimeUnit.SECONDS.toMillis(5);

    private final Database db;
    private final BackgroundThread thread;

    OrphanWatch(Database db) {
        this.db = db;
        this.thread = new BackgroundThread("orphans", this::loop);
    }

    void start() {
        thread.start();
    }

    private void loop() {
        try {
            while (!thread.isClosed()) {
                Thread.sleep(EVERY_MILLIS);
                try {
                    int marked = OrphanedSessions.markInterrupted(db, false);
                    if (marked > 0) {
                        LOG.info("{} session(s) left running by a recorder that is gone are now 'interrupted'", marked);
                    }
                } catch (RuntimeException e) {
                    LOG.warn("checking for interrupted sessions failed: {}", e.getMessage());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        thread.close();
    }
}
