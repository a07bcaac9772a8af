package dev.tapedeck.store;

/**
 * Lines of a running session that could not be recorded (the recorder could not keep up, or their
 * commit failed), added to its {@code dropped_lines} and so to {@code tapedeck_lines_dropped_total}
 * while it runs; the {@link SessionEnd} adds what is left.
 */
public record DroppedLines(String sessionId, long count) implements Write {
    public DroppedLines {
        Checks.requireText("sessionId", sessionId);
        Checks.requirePositive("count", count);
    }
}
