package dev.tapedeck.api;

import dev.tapedeck.store.Database;
import dev.tapedeck.store.Retention;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's "retention" thread: at start and then every minute, deletes the ended sessions that
 * ended more than retainDays ago, then the oldest ended sessions while the database holds more than
 * maxBytes. Each session goes a few hundred rows per transaction with a pause between, so
 * recorders waiting for the write lock get it. Running sessions are never deleted.
 */
final class RetentionLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionLoop.class);
    private static final int ROWS_PER_TRANSACTION = 500;
    private static final long BETWEEN_MILLIS = 5;
    private static final long EVERY_MILLIS = TimeUnit.MINUTES.toMillis(1);

    private final Database db;
    private final RetentionPolicy policy;
    private final BackgroundThread thread;

    RetentionLoop(Database db, RetentionPolicy policy) {
        this.db = db;
        this.policy = policy;
        this.thread = new BackgroundThread("retention", this::loop);
    }

    void start() {
        if (!policy.keepsEverything()) {
            thread.start();
        }
    }

    private void loop() {
        long failures = 0;
        try (Retention retention = db.openRetention()) {
            while (!thread.isClosed()) {
                try {
                    int deleted = prune(retention);
                    if (deleted > 0) {
                        LOG.info("retention deleted {} sessions; the database holds {} bytes", deleted,
                                retention.usedBytes());
                    }
                    failures = 0;
                    Thread.sleep(EVERY_MILLIS);
                } catch (RuntimeException e) {
                    failures++;
                    LOG.warn("retention failed (failures={}): {}", failures, e.getMessage());
                    Thread.sleep(Math.min(EVERY_MILLIS, 1_000 * failures));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("retention stopped: {}", e.getMessage());
        }
    }

    private int prune(Retention retention) throws InterruptedException {
        int deleted = 0;
        if (policy.retainDays() != null) {
            Instant before = Instant.now().minus(Duration.ofDays(policy.retainDays()));
            List<String> expired;
            while (!thread.isClosed() && !(expired = retention.listEndedBefore(before, 100)).isEmpty()) {
                for (String sessionId : expired) {
                    deleteSession(retention, sessionId);
                    deleted++;
                }
            }
        }
        if (policy.maxBytes() != null) {
            while (!thread.isClosed() && retention.usedBytes() > policy.maxBytes()) {
                List<String> oldest = retention.listOldestEnded(1);
                if (oldest.isEmpty()) {
                    LOG.warn("the database holds {} bytes, over --max-db-bytes {}, and has no ended session left"
                            + " to delete", retention.usedBytes(), policy.maxBytes());
                    break;
                }
                deleteSession(retention, oldest.get(0));
                deleted++;
            }
        }
        return deleted;
    }

    private void deleteSession(Retention retention, String sessionId) throws InterruptedException {
        while (!retention.deleteSome(sessionId, ROWS_PER_TRANSACTION)) {
            if (thread.isClosed()) {
                return;
            }
            Thread.sleep(BETWEEN_MILLIS);
        }
        LOG.debug("retention deleted session {}", sessionId);
    }

    @Override
    public void close() {
        thread.close();
    }
}
