package dev.tapedeck.store;

import java.util.List;

/**
 * Consecutive output lines appended as one: one entry of the {@link WriteQueue} instead of one per
 * line, which spares a producer that records many lines a second (and the writer that takes them)
 * a queue operation per line. The queue counts, bounds and reports each line as if it had been
 * appended alone; it accepts or rejects them together.
 */
public final class OutputLines implements Write {
    private final List<OutputLine> lines;
    /** The lines' weight in the queue, summed once here rather than by the queue and the writer. */
    private final long weight;

    public OutputLines(List<OutputLine> lines) {
        this.lines = List.copyOf(lines);
        if (this.lines.isEmpty()) {
            throw new IllegalArgumentException("lines must not be empty");
        }
        long sum = 0;
        for (OutputLine line : this.lines) {
            sum += WriteQueue.weightOf(line);
        }
        this.weight = sum;
    }

    public List<OutputLine> lines() {
        return lines;
    }

    @Override
    public int lineCount() {
        return lines.size();
    }

    long weight() {
        return weight;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof OutputLines o && lines.equals(o.lines);
    }

    @Override
    public int hashCode() {
        return lines.hashCode();
    }

    @Override
    public String toString() {
        return "OutputLines[" + lines.size() + " lines from " + lines.get(0).number() + "]";
    }
}
