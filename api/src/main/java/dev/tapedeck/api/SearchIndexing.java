package dev.tapedeck.api;

import dev.tapedeck.store.Database;
import dev.tapedeck.store.SearchIndexer;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's "search-indexer" thread: brings the full-text indexes up to date in small
 * transactions, with a short pause between them so recorders waiting for the write lock get it,
 * and looks again every half second once it has caught up.
 */
final class SearchIndexing implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SearchIndexing.class);
    private static final int CHUNKS_PER_TRANSACTION = 40;
    private static final int EVENTS_PER_TRANSACTION = 2000;
    private static final long IDLE_MILLIS = 500;
    private static final long BETWEEN_MILLIS = 5;

    private final Database db;
    private final BackgroundThread thread;

    SearchIndexing(Database db) {
        this.db = db;
        this.thread = new BackgroundThread("search-indexer", this::loop);
    }

    void start() {
        thread.start();
    }

    /**
     * Brings the indexes up to date on this thread, in the daemon's small transactions, for at most
     * budget; returns how many chunks and extraction events (by row id) are still not indexed. For a
     * command that searches a database recorded while no daemon ran.
     */
    static long[] catchUp(Database db, Duration budget) {
        long[] pending = db.search().pending();
        if (pending[0] == 0 && pending[1] == 0) {
            return pending;
        }
        long deadline = System.nanoTime() + budget.toNanos();
        try (SearchIndexer indexer = db.openSearchIndexer()) {
            while (System.nanoTime() < deadline && indexer.indexSome(CHUNKS_PER_TRANSACTION, EVENTS_PER_TRANSACTION) > 0) {
                // Each turn is its own transaction; recorders waiting for the write lock get it between them.
            }
        }
        return db.search().pending();
    }

    private void loop() {
        long failures = 0;
        try (SearchIndexer indexer = db.openSearchIndexer()) {
            while (!thread.isClosed()) {
                try {
                    int indexed = indexer.indexSome(CHUNKS_PER_TRANSACTION, EVENTS_PER_TRANSACTION);
                    if (failures > 0) {
                        LOG.info("search indexing works again after {} failures", failures);
                        failures = 0;
                    }
                    Thread.sleep(indexed > 0 ? BETWEEN_MILLIS : IDLE_MILLIS);
                } catch (RuntimeException e) {
                    failures++;
                    if (failures == 1 || failures % 100 == 0) {
                        LOG.warn("search indexing failed (failures={}): {}", failures, e.getMessage());
                    }
                    Thread.sleep(Math.min(30_000, IDLE_MILLIS * failures));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("search indexing stopped: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        thread.close();
    }
}
