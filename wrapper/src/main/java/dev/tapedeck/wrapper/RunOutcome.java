package dev.tapedeck.wrapper;

import dev.tapedeck.store.SessionStatus;

/**
 * How a wrapped run ended.
 *
 * @param exitCode     the exit code to pass back: the child's, 128+N when killed by signal N, 127 or
 *                     126 when it could not be started
 * @param lines        lines read from the child
 * @param droppedLines lines that could not be recorded
 * @param extractionEvents events the extractor found
 * @param codeBlocks   code blocks the extractor found
 */
public record RunOutcome(String sessionId, SessionStatus status, int exitCode, long lines, long droppedLines,
                         long extractionEvents, long codeBlocks) {
}
