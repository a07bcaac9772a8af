package dev.tapedeck.store;

import java.time.Instant;

/** One sighting of a code block in a session. */
public record CodeBlockOccurrence(long id, String agentName, String sessionId, Instant timestamp, long lineStart,
                                  long lineEnd, boolean terminated) {
}
