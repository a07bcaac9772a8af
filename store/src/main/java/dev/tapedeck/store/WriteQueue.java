package dev.tapedeck.store;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The way into the database for every write. Producers {@link #append} to a bounded queue and return
 * at once; one thread, {@code store-writer}, owns the only write connection and commits what it
 * takes from the queue in batches: when a batch holds {@code batchSize} writes, or when its first
 * write has waited {@code batchAge}, whichever comes first, without waiting for further writes.
 *
 * <p>A full queue (by count or by estimated bytes) rejects the write and counts it: a producer is
 * never blocked, so a slow or locked database cannot slow the wrapped process. A batch that fails
 * is rolled back whole, written again write by write so that only the bad writes are lost, counted
 * and reported to the failure listener; the writer keeps going, backing off while the database keeps
 * failing.
 */
public final class WriteQueue implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WriteQueue.class);
    private static final Object CLOSE = new Object();
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(60);
    private static final long MAX_BACKOFF_MILLIS = 1_000;
    private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final BlockingQueue<Object> queue;
    private final BatchWriter batchWriter;
    private final AutoCloseable writeConnection;
    private final int batchSize;
    private final long batchAgeNanos;
    private final long maxQueuedBytes;
    private final Thread thread;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Estimated bytes in the queue: added by producers, subtracted by the writer thread. */
    private final AtomicLong queuedBytes = new AtomicLong();
    /** Writes in the queue: incremented by producers, decremented by the writer thread. */
    private final AtomicInteger queuedWrites = new AtomicInteger();
    /**
     * How many queued writes are worth waking the writer for: set by the writer thread before it
     * parks to wait for a batch to fill, {@code Integer.MAX_VALUE} while it is not waiting. Producers
     * wake it only when this many writes are queued, not on every write: one wake-up per batch.
     */
    private volatile int wakeAt = Integer.MAX_VALUE;
    private final LongAdder appended = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder rejectedLines = new LongAdder();
    /** Counted by the writer thread, read by anyone. */
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong failedLines = new AtomicLong();
    private final AtomicLong failedBatches = new AtomicLong();
    private volatile Consumer<StoreException> failureListener = failure -> { };
    /** Writer-thread state for backing off and rate-limiting logs while batches keep failing. */
    private int failingInARow;
    private long lastFailureLogNanos;

    WriteQueue(SqlConnection writeConnection, StoreConfig config, String location) {
        this.queue = new ArrayBlockingQueue<>(config.queueWrites());
        this.batchWriter = new BatchWriter(writeConnection, config.batchSize());
        this.writeConnection = writeConnection;
        this.batchSize = config.batchSize();
        this.batchAgeNanos = config.batchAge().toNanos();
        this.maxQueuedBytes = config.queueBytes();
        this.thread = new Thread(this::run, "store-writer");
        this.thread.setDaemon(true);
        this.thread.start();
        LOG.debug("writer started database={} batchSize={} batchAge={}", location, batchSize, config.batchAge());
    }

    /** Queues a write; false when it was rejected (queue full or closed), which is counted. */
    public boolean append(Write write) {
        return offer(write) || reject(write);
    }

    /** Queues the write if there is room; counts nothing when there is not. */
    private boolean offer(Write write) {
        Objects.requireNonNull(write, "write");
        if (closed.get()) {
            return false;
        }
        long weight = weightOf(write);
        if (queuedBytes.addAndGet(weight) > maxQueuedBytes || !queue.offer(write)) {
            queuedBytes.addAndGet(-weight);
            return false;
        }
        appended.increment();
        if (queuedWrites.incrementAndGet() >= wakeAt) {
            LockSupport.unpark(thread);
        }
        return true;
    }

    /**
     * Queues a write, waiting up to maxWait for room when the queue is full; false when it was
     * rejected (still full after maxWait, or closed), which is counted. For producers that prefer
     * to slow down a little rather than lose writes while the writer catches up.
     */
    public boolean append(Write write, Duration maxWait) {
        if (offer(write)) {
            return true;
        }
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (!closed.get() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(100_000);
            if (offer(write)) {
                return true;
            }
        }
        return reject(write);
    }

    /** True while the queue is at most half full, by count and by bytes. */
    public boolean isBelowHalf() {
        return queue.size() * 2 < queue.size() + queue.remainingCapacity() && queuedBytes.get() * 2 < maxQueuedBytes;
    }

    /** Queues every write in order; returns how many were accepted. */
    public int appendAll(List<? extends Write> writes) {
        int accepted = 0;
        for (Write write : writes) {
            accepted += append(write) ? 1 : 0;
        }
        return accepted;
    }

    /** Waits until everything appended before this call is committed (or has failed and been counted). */
    public void flush() {
        if (!flush(Duration.ofDays(1))) {
            throw new StoreException("flush did not finish within a day");
        }
    }

    /** Like {@link #flush()}, waiting at most timeout; false when the timeout was hit. */
    public boolean flush(Duration timeout) {
        if (closed.get()) {
            return true;
        }
        CountDownLatch done = new CountDownLatch(1);
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (!queue.offer(done, 50, TimeUnit.MILLISECONDS)) {
                if (!thread.isAlive() || System.nanoTime() > deadline) {
                    return !thread.isAlive();
                }
            }
            LockSupport.unpark(thread);
            while (!done.await(50, TimeUnit.MILLISECONDS)) {
                if (!thread.isAlive() || System.nanoTime() > deadline) {
                    return !thread.isAlive();
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while flushing", e);
        }
    }

    public WriterStats stats() {
        return new WriterStats(appended.sum(), written.get(), rejected.sum(), failed.get(), failedBatches.get(),
                rejectedLines.sum(), failedLines.get());
    }

    /** Called on the writer thread for every failed batch; must not block. */
    public void onFailure(Consumer<StoreException> listener) {
        this.failureListener = Objects.requireNonNull(listener, "listener");
    }

    /** Stops accepting writes, commits what is queued, stops the writer and closes its connection. */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        try {
            queue.put(CLOSE);
            LockSupport.unpark(thread);
            thread.join(CLOSE_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("writer did not finish within {}; {} queued writes are lost", CLOSE_TIMEOUT, queue.size());
            return;
        }
        List<Object> leftover = new ArrayList<>();
        queue.drainTo(leftover);
        leftover.stream().filter(Write.class::isInstance).forEach(w -> reject((Write) w));
        try {
            writeConnection.close();
        } catch (Exception e) {
            LOG.warn("closing the write connection failed: {}", e.toString());
        }
    }

    private boolean reject(Write write) {
        rejected.increment();
        if (write instanceof OutputLine) {
            rejectedLines.increment();
        }
        return false;
    }

    private void run() {
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
        List<Object> taken = new ArrayList<>(batchSize);
        taken.add(queue.take());
        long deadline = System.nanoTime() + batchAgeNanos;
        while (true) {
            queue.drainTo(taken, batchSize - batch.size() - taken.size());
            boolean closing = false;
            for (Object next : taken) {
                if (next == CLOSE) {
                    closing = true;
                } else if (next instanceof CountDownLatch flush) {
                    flushes.add(flush);
                } else {
                    batch.add((Write) next);
                    queuedWrites.decrementAndGet();
                }
            }
            taken.clear();
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
        }
    }

    private void drainAfterClose(List<Write> batch, List<CountDownLatch> flushes) {
        List<Object> rest = new ArrayList<>();
        queue.drainTo(rest);
        for (Object item : rest) {
            if (item instanceof Write write) {
                batch.add(write);
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
        long weight = batch.stream().mapToLong(WriteQueue::weightOf).sum();
        try {
            batchWriter.commit(batch);
            written.addAndGet(batch.size());
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
        long lines = lost.stream().filter(OutputLine.class::isInstance).count();
        written.addAndGet(batch.size() - lost.size());
        failed.addAndGet(lost.size());
        failedLines.addAndGet(lines);
        StoreException failure = new StoreException("commit batch of " + batch.size() + " writes failed; "
                + lost.size() + " lost (" + lines + " lines): " + cause.getMessage(), cause);
        reportFailure(failure);
        backOff();
    }

    private void reportFailure(StoreException failure) {
        long now = System.nanoTime();
        if (lastFailureLogNanos == 0 || now - lastFailureLogNanos > LOG_INTERVAL_NANOS) {
            LOG.warn("{} (failed batches so far: {})", failure.getMessage(), failedBatches.get());
            lastFailureLogNanos = now;
        }
        try {
            failureListener.accept(failure);
        } catch (RuntimeException e) {
            LOG.warn("write failure listener failed: {}", e.toString());
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

    /** An estimate of the memory a queued write holds, for the queue's byte bound. */
    private static long weightOf(Write write) {
        if (write instanceof OutputLine line) {
            return 64 + 2L * line.text().length() + (line.raw() == null ? 0 : line.raw().length);
        }
        if (write instanceof Extraction x) {
            return 128 + 2L * (length(x.originalLine()) + length(x.matchedValue()) + length(x.metadataJson()));
        }
        if (write instanceof CodeBlock b) {
            return 128 + 2L * (b.content().length() + length(b.contextJson()));
        }
        return 256;
    }

    private static int length(String text) {
        return text == null ? 0 : text.length();
    }
}
