package dev.tapedeck.wrapper;

import dev.tapedeck.store.Stream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The hand-over from the pass-through pumps to the recorder: copies of what the child printed, each
 * stamped with the time it was read, bounded in bytes.
 *
 * <p>When the recorder falls behind, a pump waits for room, at most {@code maxWait} per piece, so
 * a fast child (a {@code cat} of a big log) is recorded completely at the recorder's pace. If the
 * wait runs out, the tap gives way: it drops copies (counting them and marking a gap) without
 * waiting until the recorder has drained it to half, so a stalled recorder never holds the child
 * for more than {@code maxWait} at a time.
 *
 * <p>Timestamps are taken under the lock that orders the queue, so the recorder sees the pieces of
 * both streams in time order and line order is time order. Pumps offer; the recorder thread takes.
 */
final class Tap {
    /** A piece of output as read, or the end of a stream (bytes null), or a gap left by a drop. */
    record Chunk(Stream stream, byte[] bytes, Instant readAt, boolean gap) {
        boolean isEnd() {
            return bytes == null && !gap;
        }
    }

    private final long maxBytes;
    private final long maxWaitNanos;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    /** Guarded by lock. */
    private final ArrayDeque<Chunk> queue = new ArrayDeque<>();
    private long queuedBytes;
    /** queuedBytes as last set under the lock, for {@link #isBelowHalf()}. */
    private volatile long queuedBytesSeen;
    private long droppedLines;
    private boolean givingWay;
    /** Set once the recorder stops (its drain ran out at the end of a run): copies are no longer taken. */
    private boolean closed;
    private Instant last = Instant.EPOCH;
    private final boolean[] gapPending = new boolean[Stream.values().length];
    /** Per stream, while dropping: bytes dropped since the last line end, not yet counted as a line. */
    private final long[] droppedRun = new long[Stream.values().length];
    private final int maxLineBytes;

    Tap(long maxBytes, Duration maxWait, Clock clock, int maxLineBytes) {
        this.maxBytes = maxBytes;
        this.maxLineBytes = maxLineBytes;
        this.maxWaitNanos = maxWait.toNanos();
        this.clock = clock;
    }

    /** Offers a copy of bytes[0, length); waits at most maxWait for room, then drops it. */
    void offer(Stream stream, byte[] bytes, int length) throws InterruptedException {
        byte[] copy = Arrays.copyOf(bytes, length);
        lock.lock();
        try {
            if (closed) {
                return; // the session has ended: output after that is passed through, not recorded
            }
            if (!roomFor(length)) {
                if (givingWay || !awaitRoom(length)) {
                    givingWay = true;
                    countDropped(stream.ordinal(), copy);
                    gapPending[stream.ordinal()] = true;
                    return;
                }
            }
            if (gapPending[stream.ordinal()]) {
                queue.add(new Chunk(stream, null, stamp(), true));
                gapPending[stream.ordinal()] = false;
                // A piece of a line was cut off by the gap.
                droppedLines += droppedRun[stream.ordinal()] > 0 ? 1 : 0;
                droppedRun[stream.ordinal()] = 0;
            }
            queue.add(new Chunk(stream, copy, stamp(), false));
            queuedBytes += length;
            queuedBytesSeen = queuedBytes;
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Marks the end of a stream; never dropped. */
    void end(Stream stream) {
        lock.lock();
        try {
            queue.add(new Chunk(stream, null, stamp(), false));
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes no more copies: what the pumps offer from now on passes through unrecorded, outside the
     * session (which is ending). What the tap holds can still be taken; once it is empty, take
     * returns null at once. Wakes the pumps waiting for room.
     */
    void close() {
        lock.lock();
        try {
            closed = true;
            notEmpty.signalAll();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The next piece, or null after timeout, or at once when the tap is closed and empty. */
    Chunk take(long timeout, TimeUnit unit) throws InterruptedException {
        lock.lock();
        try {
            long nanos = unit.toNanos(timeout);
            while (queue.isEmpty()) {
                if (nanos <= 0 || closed) {
                    return null;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            Chunk chunk = queue.poll();
            if (chunk.bytes() != null) {
                queuedBytes -= chunk.bytes().length;
                queuedBytesSeen = queuedBytes;
                if (givingWay && queuedBytes * 2 <= maxBytes) {
                    givingWay = false;
                }
                notFull.signalAll();
            }
            return chunk;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Counts the lines a dropped copy held as the recorder would have cut them: one per line end,
     * and one per maxLineBytes of a line without one (a piece marked split); what is left of a line
     * when the gap ends counts once more. Exact for lines up to the limit; a longer line the
     * recorder may cut up to LineAssembler.TOKEN_WINDOW bytes before the limit (at a separator),
     * so for such lines this can count one piece in sixteen too few.
     */
    private void countDropped(int stream, byte[] copy) {
        for (byte b : copy) {
            if (b == '\n') {
                droppedLines++;
                droppedRun[stream] = 0;
            } else if (++droppedRun[stream] == maxLineBytes) {
                droppedLines++;
                droppedRun[stream] = 0;
            }
        }
    }

    /**
     * True while the tap holds at most half of what it can, so the pumps are far from waiting. Read
     * without the lock (the recorder asks for every line): a moment's staleness does not matter.
     */
    boolean isBelowHalf() {
        return queuedBytesSeen * 2 <= maxBytes;
    }

    /** Lines lost to drops, counted as the recorder would have cut them. */
    long droppedLines() {
        lock.lock();
        try {
            return droppedLines;
        } finally {
            lock.unlock();
        }
    }

    private boolean roomFor(int length) {
        // One piece larger than the bound still fits into an empty tap.
        return queuedBytes == 0 || queuedBytes + length <= maxBytes;
    }

    private boolean awaitRoom(int length) throws InterruptedException {
        long nanos = maxWaitNanos;
        while (!roomFor(length)) {
            if (nanos <= 0 || closed) {
                return false;
            }
            nanos = notFull.awaitNanos(nanos);
        }
        return true;
    }

    private Instant stamp() {
        Instant now = clock.instant();
        if (now.isBefore(last)) {
            now = last;
        }
        last = now;
        return now;
    }
}
