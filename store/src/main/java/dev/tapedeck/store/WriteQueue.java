package dev.tapedeck.store;

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
 * never blocked (unless it asks to wait, for a bounded time), so a slow or locked database cannot
 * hold the wrapped process. The writer thread's loop, with its batching, salvage of failed batches
 * and back-off, is {@link CommitLoop}.
 */
public final class WriteQueue implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WriteQueue.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(60);

    private final BlockingQueue<Object> queue;
    private final AutoCloseable writeConnection;
    private final long maxQueuedBytes;
    private final int maxQueuedWrites;
    private final CommitLoop loop;
    private final Thread thread;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Estimated bytes in the queue: added by producers, subtracted by the writer thread. */
    private final AtomicLong queuedBytes = new AtomicLong();
    /** Writes in the queue: incremented by producers, decremented by the writer thread. */
    private final AtomicInteger queuedWrites = new AtomicInteger();
    private final LongAdder appended = new LongAdder();
    private final LongAdder appendedLines = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder rejectedLines = new LongAdder();

    WriteQueue(SqlConnection writeConnection, StoreConfig config, String location) {
        this.queue = new ArrayBlockingQueue<>(config.queueWrites());
        this.writeConnection = writeConnection;
        this.maxQueuedBytes = config.queueBytes();
        this.maxQueuedWrites = config.queueWrites();
        this.loop = new CommitLoop(queue, new BatchWriter(writeConnection, config.batchSize()), config, queuedBytes,
                queuedWrites);
        this.thread = new Thread(loop, "store-writer");
        this.thread.setDaemon(true);
        this.thread.start();
        LOG.debug("writer started database={} batchSize={} batchAge={}", location, config.batchSize(),
                config.batchAge());
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
        int writes = countOf(write);
        int queued = queuedWrites.addAndGet(writes);
        if (queued > maxQueuedWrites) {
            queuedWrites.addAndGet(-writes);
            return false;
        }
        if (queuedBytes.addAndGet(weight) > maxQueuedBytes || !queue.offer(write)) {
            queuedBytes.addAndGet(-weight);
            queuedWrites.addAndGet(-writes);
            return false;
        }
        appended.add(writes);
        appendedLines.add(write.lineCount());
        if (queued >= loop.wakeAt()) {
            LockSupport.unpark(thread);
        }
        return true;
    }

    /**
     * Queues a write, waiting up to maxWait for room when the queue is full; false when it was
     * rejected (still full after maxWait, or closed, or the calling thread is interrupted), which is
     * counted. For producers that prefer to slow down a little rather than lose writes while the
     * writer catches up. The interrupt flag is left set.
     */
    public boolean append(Write write, Duration maxWait) {
        if (offer(write)) {
            return true;
        }
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (!closed.get() && System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
            LockSupport.parkNanos(100_000);
            if (offer(write)) {
                return true;
            }
        }
        return reject(write);
    }

    /**
     * Queues a write, waiting for room for as long as the writer makes progress: false (counted as
     * a rejection) once it has committed no batch for stall, as soon as a batch fails, after maxWait
     * in all, or when the calling thread is interrupted (the flag is left set). For producers
     * that can afford to wait while the writer is merely slow (queueing behind other processes for
     * the database's write lock) but not while it is stuck.
     */
    public boolean append(Write write, Duration stall, Duration maxWait) {
        if (offer(write)) {
            return true;
        }
        Patience patience = new Patience(stall, maxWait);
        long failed = loop.failed.get();
        while (!closed.get() && !Thread.currentThread().isInterrupted()) {
            LockSupport.parkNanos(100_000);
            if (offer(write)) {
                return true;
            }
            // A failing database (a full disk) is not slow but broken: no point in waiting.
            if (loop.failed.get() != failed || patience.exhausted()) {
                break;
            }
        }
        return reject(write);
    }

    /** True while the queue is at most half full, by count and by bytes. */
    public boolean isBelowHalf() {
        return queuedWrites.get() * 2 < maxQueuedWrites && queuedBytes.get() * 2 < maxQueuedBytes;
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
        return flush(timeout, timeout);
    }

    /**
     * Like {@link #flush()}, waiting as long as the writer makes progress: false once it has
     * committed nothing for stall (a database locked by someone else, a dead disk), or after
     * maxWait in all. A database that is merely busy (other processes taking the write lock in
     * turn) is waited for.
     */
    public boolean flush(Duration stall, Duration maxWait) {
        if (closed.get()) {
            return true;
        }
        CountDownLatch done = new CountDownLatch(1);
        Patience patience = new Patience(stall, maxWait);
        try {
            while (!queue.offer(done, 50, TimeUnit.MILLISECONDS)) {
                if (!thread.isAlive() || patience.exhausted()) {
                    return !thread.isAlive();
                }
            }
            LockSupport.unpark(thread);
            while (!done.await(50, TimeUnit.MILLISECONDS)) {
                if (!thread.isAlive() || patience.exhausted()) {
                    return !thread.isAlive();
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while flushing", e);
        }
    }

    /**
     * A wait that lasts as long as the writer makes progress: exhausted once it has committed
     * nothing for stall, or after maxWait in all. Owned by the waiting thread.
     */
    private final class Patience {
        private final long start = System.nanoTime();
        private final long stallNanos;
        private final long maxWaitNanos;
        private long lastProgress = start;
        private long written = loop.written.get();

        Patience(Duration stall, Duration maxWait) {
            this.stallNanos = stall.toNanos();
            this.maxWaitNanos = maxWait.toNanos();
        }

        boolean exhausted() {
            long now = System.nanoTime();
            long writtenNow = loop.written.get();
            if (writtenNow != written) {
                written = writtenNow;
                lastProgress = now;
            }
            return now - lastProgress > stallNanos || now - start > maxWaitNanos;
        }
    }

    public WriterStats stats() {
        return new WriterStats(appended.sum(), loop.written.get(), rejected.sum(), loop.failed.get(),
                loop.failedBatches.get(), rejectedLines.sum(), loop.failedLines.get(), appendedLines.sum(),
                loop.writtenLines.get());
    }

    /**
     * Called on the writer thread for every failed batch instead of the log's warning (the listener
     * tells its user); must not block.
     */
    public void onFailure(Consumer<StoreException> listener) {
        loop.onFailure(Objects.requireNonNull(listener, "listener"));
    }

    /** Stops accepting writes, commits what is queued, stops the writer and closes its connection. */
    @Override
    public void close() {
        if (!close(CLOSE_TIMEOUT)) {
            LOG.warn("writer did not finish within {}; {} queued writes are lost", CLOSE_TIMEOUT, queuedWrites.get());
        }
    }

    /**
     * Like {@link #close()}, waiting at most timeout for the writer to commit what is queued (a
     * database locked by another process can hold it); false when it did not finish in time: what
     * is still queued is then lost, and the writer, a daemon thread, is left to end with the
     * process. The caller says so to its user.
     */
    public boolean close(Duration timeout) {
        if (closed.getAndSet(true)) {
            return true;
        }
        try {
            queue.put(CommitLoop.CLOSE);
            LockSupport.unpark(thread);
            thread.join(Math.max(1, timeout.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.debug("writer did not finish within {}; {} queued writes are lost", timeout, queuedWrites.get());
            return false;
        }
        List<Object> leftover = new ArrayList<>();
        queue.drainTo(leftover);
        leftover.stream().filter(Write.class::isInstance).forEach(w -> reject((Write) w));
        try {
            writeConnection.close();
        } catch (Exception e) {
            LOG.warn("closing the write connection failed: {}", e.toString());
        }
        return true;
    }

    private boolean reject(Write write) {
        rejected.add(countOf(write));
        rejectedLines.add(write.lineCount());
        return false;
    }

    /** How many writes one stands for: the lines of an {@link OutputLines}, else one. */
    static int countOf(Write write) {
        return write instanceof OutputLines lines ? lines.lines().size() : 1;
    }

    /** An estimate of the memory a queued write holds, for the queue's byte bound. */
    static long weightOf(Write write) {
        if (write instanceof OutputLine line) {
            return 64 + 2L * line.text().length() + (line.raw() == null ? 0 : line.raw().length);
        }
        if (write instanceof OutputLines lines) {
            return lines.weight();
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
