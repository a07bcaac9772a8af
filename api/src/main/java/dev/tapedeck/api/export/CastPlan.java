package dev.tapedeck.api.export;

import dev.tapedeck.store.Database;
import dev.tapedeck.store.Session;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * How a session's terminal output is cut into windows for a player, and its clock with idle gaps
 * capped, planned from one pass over the lines' times (their chunks' {@code line_meta}, not their
 * text: about 0.1 s for a million lines).
 *
 * <p>Two clocks: session time (µs since the session's start, the clock of the asciicast export and
 * of the markers route) and played time, where every pause between two lines (and before the first
 * and after the last) longer than the idle limit counts as the limit. A window holds about
 * {@code windowLines} consecutive lines; a new one starts only at a line later than the line before
 * it, so that every window's events come strictly after the previous window's (asciinema-player's
 * segmented recordings require it). The plan is the same whenever it is made for the same committed
 * lines, so a window's URL, which carries its own first line and played time, stays valid.
 */
final class CastPlan {
    /** No cap: idle gaps play at their length. */
    static final long NO_LIMIT = Long.MAX_VALUE;

    /** Lines fromLine..toLine; the window starts at startMicros of played time, its first line at atMicros. */
    record Window(long fromLine, long toLine, long startMicros, long atMicros) {
    }

    private final long limitMicros;
    private final List<Window> windows;
    /** Pauses longer than the limit, as [start, end] pairs of session time, in order. */
    private final long[] gapStarts;
    private final long[] gapEnds;
    /** Played time cut from the clock by all gaps before gap i (so cut[0] is 0). */
    private final long[] cutBefore;
    private final long durationMicros;

    private CastPlan(long limitMicros, List<Window> windows, List<long[]> gaps, long durationMicros) {
        this.limitMicros = limitMicros;
        this.windows = List.copyOf(windows);
        this.gapStarts = new long[gaps.size()];
        this.gapEnds = new long[gaps.size()];
        this.cutBefore = new long[gaps.size() + 1];
        for (int i = 0; i < gaps.size(); i++) {
            gapStarts[i] = gaps.get(i)[0];
            gapEnds[i] = gaps.get(i)[1];
            cutBefore[i + 1] = cutBefore[i] + gapEnds[i] - gapStarts[i] - limitMicros;
        }
        this.durationMicros = durationMicros;
    }

    static CastPlan of(Database db, Session session, long limitMicros, int windowLines) {
        long started = micros(session.startedAt());
        Scan scan = new Scan(limitMicros, windowLines);
        db.output().forEachLineTime(session.sessionId(), (line, at) -> scan.line(line, at - started));
        Instant end = session.endedAt();
        return scan.finish(end == null ? 0 : micros(end) - started);
    }

    List<Window> windows() {
        return windows;
    }

    long limitMicros() {
        return limitMicros;
    }

    long durationMicros() {
        return durationMicros;
    }

    int gapCount() {
        return gapStarts.length;
    }

    long gapStart(int i) {
        return gapStarts[i];
    }

    long gapEnd(int i) {
        return gapEnds[i];
    }

    /** The played time of a moment of session time (µs since the start), never past the end. */
    long played(long sessionMicros) {
        long t = Math.max(0, sessionMicros);
        int lo = 0;
        int hi = gapStarts.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (gapStarts[mid] < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        // Gaps 0..lo-1 start before t; the last of them may still be running at t.
        long cut = cutBefore[lo];
        if (lo > 0 && t < gapEnds[lo - 1]) {
            cut = cutBefore[lo - 1] + Math.max(0, t - gapStarts[lo - 1] - limitMicros);
        }
        return Math.min(durationMicros, t - cut);
    }

    /** One step of played time between two lines that are deltaMicros apart in session time. */
    static long step(long deltaMicros, long limitMicros) {
        return Math.min(Math.max(0, deltaMicros), limitMicros);
    }

    static long micros(Instant at) {
        return Duration.between(Instant.EPOCH, at).toNanos() / 1_000;
    }

    /** The pass over the lines' times; lines come in order, times relative to the start. */
    private static final class Scan {
        private final long limitMicros;
        private final int windowLines;
        private final List<Window> windows = new ArrayList<>();
        private final List<long[]> gaps = new ArrayList<>();
        private long previous;
        private long played;
        private long from = -1;
        private long last;
        private long start;
        private long at;
        private int count;

        Scan(long limitMicros, int windowLines) {
            this.limitMicros = limitMicros;
            this.windowLines = windowLines;
        }

        void line(long line, long sessionMicros) {
            long t = Math.max(previous, sessionMicros);
            long delta = advance(t);
            if (from < 0) {
                open(line, 0);
            } else if (count >= windowLines && delta > 0) {
                windows.add(new Window(from, last, start, at));
                open(line, played);
            }
            count++;
            last = line;
        }

        private void open(long line, long startMicros) {
            from = line;
            start = startMicros;
            at = played;
            count = 0;
        }

        /** Moves the clocks to session time t (not before the previous line); the step in session time. */
        private long advance(long t) {
            long delta = t - previous;
            if (delta > limitMicros) {
                gaps.add(new long[] {previous, t});
            }
            played += step(delta, limitMicros);
            previous = t;
            return delta;
        }

        CastPlan finish(long endMicros) {
            advance(Math.max(previous, endMicros));
            if (from < 0) {
                // No line: one empty window that only ends.
                windows.add(new Window(1, 0, 0, played));
            } else {
                windows.add(new Window(from, last, start, at));
            }
            return new CastPlan(limitMicros, windows, gaps, played);
        }
    }
}
