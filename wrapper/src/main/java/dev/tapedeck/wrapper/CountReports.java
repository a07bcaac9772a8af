package dev.tapedeck.wrapper;

import dev.tapedeck.store.DroppedLines;
import dev.tapedeck.store.RedactionCounts;
import dev.tapedeck.store.WriteQueue;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A recording's lost lines and redactions, added to the session's totals (and so to /metrics) while
 * the command runs, not only at its end: at most once a {@link #EVERY_NANOS}, best effort and never
 * waiting. A report the full queue refuses is made again at the next one, and the session's end adds
 * whatever is left. Driven by the recorder thread; {@link #finish()} is called by the thread that
 * ends the run, which is why the dropped-line report and it share a lock.
 */
final class CountReports {
    private static final long EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final String sessionId;
    /** Null when the run is not recorded: nothing is reported. */
    private final WriteQueue writes;
    /** Null when redaction is off. */
    private final Redactor redactor;
    private final LongSupplier droppedTotal;
    /** Lines the reports have added to the session (guarded by this). */
    private long droppedReported;
    /** The session's end has taken over (guarded by this). */
    private boolean finished;
    /** Redaction counts already added to the store (the recorder thread's own). */
    private Map<String, Long> redactionsReported = Map.of();
    private long dueNanos = System.nanoTime() + EVERY_NANOS;

    CountReports(String sessionId, WriteQueue writes, Redactor redactor, LongSupplier droppedTotal) {
        this.sessionId = sessionId;
        this.writes = writes;
        this.redactor = redactor;
        this.droppedTotal = droppedTotal;
    }

    /**
     * Reports what is new when a report is due. beforeAppend runs first, outside the lock, so that the
     * recorder's pending lines reach the store before the counts that follow them.
     */
    void reportWhenDue(Runnable beforeAppend) {
        long now = System.nanoTime();
        if (writes == null || now - dueNanos < 0) {
            return;
        }
        dueNanos = now + EVERY_NANOS;
        reportDropped(beforeAppend);
        Map<String, Long> redactions = unreportedRedactions();
        if (!redactions.isEmpty()) {
            beforeAppend.run();
            if (writes.append(new RedactionCounts(sessionId, redactions))) {
                redactionsReported = redactor.counts();
            }
        }
    }

    private void reportDropped(Runnable beforeAppend) {
        long dropped = droppedTotal.getAsLong();
        if (dropped <= droppedReported) {
            return;
        }
        beforeAppend.run(); // may wait for the store, so not under the lock the session's end takes
        synchronized (this) {
            if (!finished && writes.append(new DroppedLines(sessionId, dropped - droppedReported))) {
                droppedReported = dropped;
            }
        }
    }

    /**
     * Stops the reports of dropped lines and returns how many they added to the session: the
     * session's end adds the rest.
     */
    synchronized long finish() {
        finished = true;
        return droppedReported;
    }

    /** The redactions counted since the last report, by kind; empty when there are none. */
    Map<String, Long> unreportedRedactions() {
        if (redactor == null) {
            return Map.of();
        }
        Map<String, Long> unreported = new HashMap<>();
        redactor.counts().forEach((kind, n) -> {
            long more = n - redactionsReported.getOrDefault(kind, 0L);
            if (more > 0) {
                unreported.put(kind, more);
            }
        });
        return unreported;
    }
}
