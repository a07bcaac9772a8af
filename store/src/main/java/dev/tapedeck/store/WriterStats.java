package dev.tapedeck.store;

/**
 * What the writer has done since the database was opened.
 *
 * @param appended      writes accepted into the queue
 * @param written       writes committed
 * @param rejected      writes refused because the queue was full or the database closed
 * @param failed        writes lost in a failed batch (rolled back and not salvaged)
 * @param failedBatches batches whose transaction failed
 * @param rejectedLines lines among the rejected writes
 * @param failedLines   lines among the failed writes
 */
public record WriterStats(long appended, long written, long rejected, long failed, long failedBatches,
                          long rejectedLines, long failedLines) {

    /** Lines that will never reach the database. */
    public long droppedLines() {
        return rejectedLines + failedLines;
    }
}
