package dev.tapedeck.store;

/**
 * Something to be written. Writes are appended to the {@link WriteQueue} and committed in batches by
 * the database's one writer thread, in the order they were appended.
 */
public sealed interface Write
        permits NewSession, SessionUpdate, SessionEnd, StateChange, OutputLine, OutputLines, Extraction, CodeBlock,
        RedactionCounts, DroppedLines {

    /** How many output lines this write records. */
    default int lineCount() {
        return 0;
    }
}
