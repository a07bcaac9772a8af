package dev.tapedeck.wrapper.extract;

/**
 * A line as a regex sees it, with a time budget: every few thousand characters read it looks at the
 * clock and, past the budget, throws {@link Overrun}, which ends the match. The clock starts at the
 * first look, after the first few thousand reads (microseconds): most matches read fewer characters
 * than that and never pay for the clock. A regex that
 * backtracks catastrophically on some line then costs that line a bounded time instead of stalling
 * the recorder. Reused per stream by the recorder thread.
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

    private String text = "";
    private long budget;
    /** System.nanoTime() at which the budget runs out; 0 until the clock is first read. */
    private long deadline;
    private int reads;

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
            long now = System.nanoTime();
            if (deadline == 0) {
                deadline = now + budget;
            } else if (now > deadline) {
                throw new Overrun();
            }
        }
        return text.charAt(index);
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
