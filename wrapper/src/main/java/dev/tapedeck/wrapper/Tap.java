package dev.tapedeck.wrapper;

import dev.tapedeck.store.Stream;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The hand-over from the pass-through pumps to the recorder: copies of what the child printed, each
 * stamped with the time it was read. Bounded in bytes; when the recorder falls behind, {@link #offer}
 * drops the copy and counts it rather than make a pump wait, so the child is never slowed down.
 *
 * <p>Timestamps are taken under the same lock that orders the queue, so the recorder sees the
 * chunks of both streams in time order and line order is time order.
 */
final class Tap {
    /** A piece of output as read, or the end of a stream (bytes null), or a gap left by a drop. */
    record Chunk(Stream stream, byte[] bytes, Instant readAt, boolean gap) {
        boolean isEnd() {
            return bytes == null && !gap;
        }
    }

    private final BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(16_384);
    private final long maxBytes;
    private final Clock clock;
    /** Bytes queued: added by pumps, subtracted by the recorder thread. */
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicLong droppedBytes = new AtomicLong();
    /** Guarded by this: the last timestamp handed out, so that timestamps never go back. */
    private Instant last = Instant.EPOCH;
    /** Guarded by this: per stream, whether a drop happened that the recorder has not been told of. */
    private final boolean[] gapPending = new boolean[Stream.values().length];

    Tap(long maxBytes, Clock clock) {
        this.maxBytes = maxBytes;
        this.clock = clock;
    }

    /** Offers a copy of bytes[0, length); never blocks. */
    void offer(Stream stream, byte[] bytes, int length) {
        if (queuedBytes.addAndGet(length) > maxBytes) {
            queuedBytes.addAndGet(-length);
            drop(stream, length);
            return;
        }
        byte[] copy = java.util.Arrays.copyOf(bytes, length);
        synchronized (this) {
            if (gapPending[stream.ordinal()] && queue.offer(new Chunk(stream, null, stamp(), true))) {
                gapPending[stream.ordinal()] = false;
            }
            if (gapPending[stream.ordinal()] || !queue.offer(new Chunk(stream, copy, stamp(), false))) {
                queuedBytes.addAndGet(-length);
                drop(stream, length);
            }
        }
    }

    /** Marks the end of a stream; waits for room, since the recorder must learn of it. */
    void end(Stream stream) throws InterruptedException {
        Chunk end;
        synchronized (this) {
            end = new Chunk(stream, null, stamp(), false);
        }
        queue.put(end);
    }

    Chunk take(long timeout, TimeUnit unit) throws InterruptedException {
        Chunk chunk = queue.poll(timeout, unit);
        if (chunk != null && chunk.bytes() != null) {
            queuedBytes.addAndGet(-chunk.bytes().length);
        }
        return chunk;
    }

    long droppedBytes() {
        return droppedBytes.get();
    }

    private synchronized void drop(Stream stream, int length) {
        droppedBytes.addAndGet(length);
        gapPending[stream.ordinal()] = true;
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
