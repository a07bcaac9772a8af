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
 * @param appendedLines lines among the appended writes
 * @param writtenLines  lines among the written writes
 */
public record WriterStats(long appended, long written, long rejected, long failed, long failedBatches,
                          long rejectedLines, long failedLines, long appendedLines, long writtenLines) {

    /**
     * Lines accepted into the queue and neither committed nor failed yet: still queued or in the
     * batch being written. What a writer that is given up on (a database locked at the end of a
     * run) takes with it.
     */
    public long uncommittedLines() {
        return appendedLines - writtenLines - failedLines;
    }

    /** Lines that will never reach the database. */
    public long droppedLines() {
        return rejectedLines + failedLines;
    }
}
