package dev.tapedeck.store;

import java.time.Duration;

/**
 * How a {@link Database} writes and reads.
 *
 * @param batchSize    the writer commits when a batch holds this many writes (default 500)
 * @param batchAge     ... or when the oldest write of the batch has waited this long (default 200 ms)
 * @param queueWrites  at most this many writes wait for the writer; more are rejected and counted
 * @param queueBytes   at most this many bytes (estimated) wait for the writer; more are rejected
 * @param busyTimeout  how long a connection waits for another process's write lock
 * @param readers      the number of read connections kept open
 * @param writerCache  the write connection's page cache in bytes (default 2 MiB, SQLite's own); a
 *                     batch whose changed pages do not fit spills them to the WAL before it commits
 */
public record StoreConfig(int batchSize, Duration batchAge, int queueWrites, long queueBytes,
                          Duration busyTimeout, int readers, long writerCache) {

    public static final StoreConfig DEFAULTS = new StoreConfig(500, Duration.ofMillis(200), 65_536, 64L << 20,
            Duration.ofSeconds(10), 4, 2L << 20);

    public StoreConfig {
        requireRange("batchSize", batchSize, 1, 100_000);
        requireRange("batchAge", batchAge.toMillis(), 1, 60_000);
        requireRange("queueWrites", queueWrites, batchSize, 10_000_000);
        requireRange("queueBytes", queueBytes, 1L << 16, 1L << 34);
        requireRange("busyTimeout", busyTimeout.toMillis(), 0, 600_000);
        requireRange("readers", readers, 1, 64);
        requireRange("writerCache", writerCache, 1L << 16, 1L << 32);
    }

    public StoreConfig withBatch(int size, Duration age) {
        return new StoreConfig(size, age, Math.max(queueWrites, size), queueBytes, busyTimeout, readers, writerCache);
    }

    public StoreConfig withQueue(int writes, long bytes) {
        return new StoreConfig(batchSize, batchAge, writes, bytes, busyTimeout, readers, writerCache);
    }

    public StoreConfig withWriterCache(long bytes) {
        return new StoreConfig(batchSize, batchAge, queueWrites, queueBytes, busyTimeout, readers, bytes);
    }

    private static void requireRange(String field, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    field + " must be in [" + min + ", " + max + "], got " + value);
        }
    }
}
