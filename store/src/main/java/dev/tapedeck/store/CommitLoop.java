package dev.tapedeck.store;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The body of the {@code store-writer} thread: takes writes from the {@link WriteQueue}'s queue in
 * batches (full at {@code batchSize}, or as old as {@code batchAge}), commits each with the
 * {@link BatchWriter}, salvages a failed batch write by write, counts what was written and lost,
 * reports failures (logging at most every 10 s) and backs off while the database keeps failing.
 *
 * <p>It parks while a batch fills and producers wake it only when a full batch's worth is queued
 * ({@link #wakeAt()}), a flush or a close arrives: one wake-up per batch, not per write. All state
 * but the counters and {@code wakeAt} belongs to the writer thread.
 */
final class CommitLoop implements Runnable {
    static final Object CLOSE = new Object();
    private static final Logger LOG = LoggerFactory.getLogger(CommitLoop.class);
    private static final long MAX_BACKOFF_MILLIS = 1_000;
    private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final BlockingQueue<Object> queue;
    private final BatchWriter batchWriter;
    private final int batchSize;
    private final long batchAgeNanos;
    /** Shared with the producers: bytes and writes in the queue. */
    private final AtomicLong queuedBytes;
    private final AtomicInteger queuedWrites;
    /**
     * How many queued writes are worth waking the writer for: set by the writer thread before it
     * parks to wait for a batch to fill, {@code Integer.MAX_VALUE} while it is not waiting.
     */
    private volatile int wakeAt = Integer.MAX_VALUE;
    /** Counted by the writer thread, read by anyone. */
    final AtomicLong written = new AtomicLong();
    final AtomicLong writtenLines = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong failedLines = new AtomicLong();
    final AtomicLong failedBatches = new AtomicLong();
    /** Who tells of failed batches; null: the log does (at most once per {@link #LOG_INTERVAL_NANOS}). */
    private volatile Consumer<StoreException> failureListener;
    /** The queue weight of the entries in the batch being gathered, subtracted once it is written. */
    private long batchWeight;
    private int failingInARow;
    private long lastFailureLogNanos;

    CommitLoop(BlockingQueue<Object> queue, BatchWriter batchWriter, StoreConfig config, AtomicLong queuedBytes,
               AtomicInteger queuedWrites) {
        this.queue = queue;
        this.batchWriter = batchWriter;
        this.batchSize = config.batchSize();
        this.batchAgeNanos = config.batchAge().toNanos();
        this.queuedBytes = queuedBytes;
        this.queuedWrites = queuedWrites;
    }

    int wakeAt() {
        return wakeAt;
    }

    void onFailure(Consumer<StoreException> listener) {
        this.failureListener = listener;
    }

    @Override
    public void run() {
        List<Write> batch = new ArrayList<>(batchSize);
        List<CountDownLatch> flushes = new ArrayList<>();
        boolean closing = false;
        while (!closing) {
            try {
                closing = takeBatch(batch, flushes);
                writeBatch(batch);
            } catch (InterruptedException e) {
                LOG.warn("writer interrupted; it keeps running until the database is closed");
                writeBatch(batch);
            } catch (RuntimeException | Error e) {
                LOG.error("writer turn failed unexpectedly; {} writes lost", batch.size(), e);
                failed.addAndGet(batch.size());
            } finally {
                batch.clear();
                flushes.forEach(CountDownLatch::countDown);
                flushes.clear();
            }
        }
    }

    /**
     * Fills batch until it is full, old enough, or a flush or close arrives; true on close. Blocks
     * for the first write only; then takes what is queued and parks until the batch's deadline,
     * woken early only by a full batch's worth of writes, a flush or a close.
     */
    private boolean takeBatch(List<Write> batch, List<CountDownLatch> flushes) throws InterruptedException {
        Object next = queue.take();
        long deadline = System.nanoTime() + batchAgeNanos;
        while (true) {
            boolean closing = false;
            int writes = 0;
            // Entry by entry: an entry may hold many lines, and the batch is bounded in writes.
            for (; next != null; next = batch.size() < batchSize ? queue.poll() : null) {
                if (next == CLOSE) {
                    closing = true;
                    break;
                } else if (next instanceof CountDownLatch flush) {
                    flushes.add(flush);
                } else {
                    writes += add(batch, (Write) next);
                }
            }
            // One update for all: the counter is shared with every producer.
            queuedWrites.addAndGet(-writes);
            if (closing) {
                drainAfterClose(batch, flushes);
                return true;
            }
            long wait = deadline - System.nanoTime();
            if (!flushes.isEmpty() || batch.size() >= batchSize || wait <= 0) {
                return false;
            }
            wakeAt = batchSize - batch.size();
            if (queuedWrites.get() < wakeAt && queue.isEmpty()) {
                LockSupport.parkNanos(this, wait);
            }
            wakeAt = Integer.MAX_VALUE;
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            next = queue.poll();
        }
    }

    /** Adds a write to the batch, the lines of an {@link OutputLines} one by one; returns how many. */
    private int add(List<Write> batch, Write write) {
        batchWeight += WriteQueue.weightOf(write);
        if (write instanceof OutputLines lines) {
            batch.addAll(lines.lines());
            return lines.lines().size();
        }
        batch.add(write);
        return 1;
    }

    private void drainAfterClose(List<Write> batch, List<CountDownLatch> flushes) {
        List<Object> rest = new ArrayList<>();
        queue.drainTo(rest);
        for (Object item : rest) {
            if (item instanceof Write write) {
                add(batch, write);
                if (batch.size() >= batchSize) {
                    writeBatch(batch);
                    batch.clear();
                }
            } else if (item instanceof CountDownLatch flush) {
                flushes.add(flush);
            }
        }
    }

    private void writeBatch(List<Write> batch) {
        if (batch.isEmpty()) {
            return;
        }
        long weight = batchWeight;
        batchWeight = 0;
        try {
            batchWriter.commit(batch);
            written.addAndGet(batch.size());
            writtenLines.addAndGet(linesOf(batch));
            if (failingInARow > 0) {
                LOG.info("writes recovered after {} failed batches", failingInARow);
                failingInARow = 0;
            }
        } catch (SQLException | RuntimeException e) {
            salvage(batch, e);
        } finally {
            queuedBytes.addAndGet(-weight);
        }
    }

    private void salvage(List<Write> batch, Exception cause) {
        failedBatches.incrementAndGet();
        List<Write> lost;
        try {
            lost = batchWriter.commitEach(batch);
            failingInARow = 0;
        } catch (SQLException | RuntimeException e) {
            cause.addSuppressed(e);
            lost = batch;
            failingInARow++;
        }
        long lines = linesOf(lost);
        written.addAndGet(batch.size() - lost.size());
        writtenLines.addAndGet(linesOf(batch) - lines);
        failed.addAndGet(lost.size());
        failedLines.addAndGet(lines);
        if (lost.isEmpty()) {
            // Nothing lost (the lock was gone by the time each write was tried alone): not a failure
            // the user needs to hear of.
            LOG.info("commit batch of {} writes failed ({}); every write was saved on its own", batch.size(),
                    cause.getMessage());
        } else {
            reportFailure(new StoreException("commit batch of " + batch.size() + " writes failed; "
                    + lost.size() + " lost (" + lines + " lines): " + SqlMessages.of(cause), cause));
        }
        backOff();
    }

    /**
     * Tells of a failed batch: through the listener when there is one (which says it to its user in
     * its own words, so the log only keeps it for debugging), else in the log, rate-limited.
     */
    private void reportFailure(StoreException failure) {
        Consumer<StoreException> listener = failureListener;
        if (listener != null) {
            LOG.debug("{} (failed batches so far: {})", failure.getMessage(), failedBatches.get());
            try {
                listener.accept(failure);
            } catch (RuntimeException e) {
                LOG.warn("write failure listener failed: {}", e.toString());
            }
            return;
        }
        long now = System.nanoTime();
        if (lastFailureLogNanos == 0 || now - lastFailureLogNanos > LOG_INTERVAL_NANOS) {
            LOG.warn("{} (failed batches so far: {})", failure.getMessage(), failedBatches.get());
            lastFailureLogNanos = now;
        }
    }

    private void backOff() {
        if (failingInARow == 0) {
            return;
        }
        long millis = Math.min(MAX_BACKOFF_MILLIS, 25L << Math.min(failingInARow, 10));
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long linesOf(List<Write> writes) {
        long lines = 0;
        for (Write write : writes) {
            lines += write.lineCount();
        }
        return lines;
    }
}
