package dev.tapedeck.wrapper.extract;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.LongSupplier;

/**
 * A line as a regex sees it, with a time budget: every few thousand characters read it looks at the
 * clock and, past the budget, throws {@link Overrun}, which ends the match. The clock starts at the
 * first look, after the first few thousand reads (microseconds): most matches read fewer characters
 * than that and never pay for the clock. A regex that
 * backtracks catastrophically on some line then costs that line a bounded time instead of stalling
 * the recorder. Reused per stream by the recorder thread.
 *
 * <p>The budget is the thread's own CPU time, checked only once the wall clock says it is spent: on a
 * loaded machine the recorder thread is descheduled now and then (or stopped for a garbage
 * collection), and a fast match caught by that must not lose its line's events. The wall clock
 * still ends any match at {@link #WALL_FACTOR} times the budget, so the recorder is never held
 * longer than that by one match.
 */
final class TimedText implements CharSequence {
    /** Thrown out of a match that ran past its deadline; no stack trace, it is not a bug. */
    static final class Overrun extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Overrun() {
            super("regex ran past its time budget", null, false, false);
        }
    }

    private static final int CHECK_EVERY = 4096;
    static final int WALL_FACTOR = 5;

    /**
     * The calling thread's CPU time in nanoseconds, or -1 where the JVM cannot tell. Set up on first
     * use, by a match past 4,096 characters: the management classes cost every start otherwise.
     */
    private static final class ThreadCpu {
        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
        private static final boolean SUPPORTED = THREADS.isCurrentThreadCpuTimeSupported();

        static long nanos() {
            return SUPPORTED ? THREADS.getCurrentThreadCpuTime() : -1;
        }
    }

    private final LongSupplier wallClock;
    private final LongSupplier cpuClock;
    private String text = "";
    private long budget;
    /** Wall-clock time at which to look at the CPU time used; 0 until the clock is first read. */
    private long deadline;
    /** Wall-clock time past which the match ends whatever the CPU time used. */
    private long wallCap;
    private long cpuStart;
    private int reads;

    TimedText() {
        this(System::nanoTime, ThreadCpu::nanos);
    }

    /** With clocks of the caller's choosing (a test's). */
    TimedText(LongSupplier wallClock, LongSupplier cpuClock) {
        this.wallClock = wallClock;
        this.cpuClock = cpuClock;
    }

    /** Starts a match of text that may take budgetNanos. */
    TimedText reset(String value, long budgetNanos) {
        this.text = value;
        this.budget = budgetNanos;
        this.deadline = 0;
        this.reads = 0;
        return this;
    }

    @Override
    public char charAt(int index) {
        if (++reads == CHECK_EVERY) {
            reads = 0;
            check();
        }
        return text.charAt(index);
    }

    private void check() {
        if (deadline == 0) {
            cpuStart = cpuClock.getAsLong(); // first: its first use sets up the management classes
            long now = wallClock.getAsLong();
            deadline = now + budget;
            wallCap = now + WALL_FACTOR * budget;
            return;
        }
        long now = wallClock.getAsLong();
        if (now - wallCap > 0) {
            throw new Overrun();
        }
        if (now - deadline <= 0) {
            return;
        }
        long used = cpuStart < 0 ? budget : cpuClock.getAsLong() - cpuStart;
        if (used >= budget) {
            throw new Overrun();
        }
        // Descheduled for part of the time: look again once the CPU time left could be spent.
        deadline = now + (budget - used);
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return text.subSequence(start, end);
    }

    @Override
    public String toString() {
        return text;
    }
}
