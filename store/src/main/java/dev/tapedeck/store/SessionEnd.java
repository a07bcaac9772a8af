package dev.tapedeck.store;

import java.time.Instant;
import java.util.Objects;

/**
 * The end of a session: sets its status, end time and exit code, adds the lines the recorder had to
 * drop, and records a state change named after the status, all in one transaction.
 *
 * @param exitCode     the exit code, {@code null} when there is none (the child never started)
 * @param droppedLines lines the recorder could not record (queue full, failed writes)
 */
public record SessionEnd(String sessionId, SessionStatus status, Integer exitCode, Instant endedAt,
                         long droppedLines, String metadataJson) implements Write {

    public SessionEnd {
        Checks.requireText("sessionId", sessionId);
        Objects.requireNonNull(endedAt, "endedAt");
        if (status == null || !status.isEnded()) {
            throw new IllegalArgumentException("status of an ended session must not be running, got " + status);
        }
        if (droppedLines < 0) {
            throw new IllegalArgumentException("droppedLines must be at least 0, got " + droppedLines);
        }
    }
}
