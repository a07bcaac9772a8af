package dev.tapedeck.store;

/**
 * What a session recorded, kept up to date by the writer in the same transaction as the rows counted.
 *
 * @param lines        recorded lines, both streams ({@code total_lines_processed})
 * @param outputBytes  raw bytes of the recorded lines
 * @param droppedLines lines the recorder reported it could not record
 */
public record SessionTotals(long lines, long stdoutLines, long stderrLines, long outputBytes,
                            long extractionEvents, long codeBlocks, long feedbackOutcomes, long droppedLines) {
}
