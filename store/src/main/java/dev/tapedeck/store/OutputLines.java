package dev.tapedeck.store;

import java.util.List;

/**
 * Consecutive output lines appended as one: one entry of the {@link WriteQueue} instead of one per
 * line, which spares a producer that records many lines a second (and the writer that takes them)
 * a queue operation per line. The queue counts, bounds and reports each line as if it had been
 * appended alone; it accepts or rejects them together.
 */
public record OutputLines(List<OutputLine> lines) implements Write {
    public OutputLines {
        lines = List.copyOf(lines);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("lines must not be empty");
        }
    }

    @Override
    public int lineCount() {
        return lines.size();
    }
}
