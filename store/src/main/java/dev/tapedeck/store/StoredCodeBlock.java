package dev.tapedeck.store;

import java.time.Instant;
import java.util.List;

/**
 * A distinct code block with every sighting of it. Agent, session, timestamp and lines are those of
 * the first sighting.
 */
public record StoredCodeBlock(long id, String digest, String language, String content, String agentName,
                              String sessionId, Instant timestamp, long lineStart, long lineEnd,
                              String contextJson, Boolean parseable, List<CodeBlockOccurrence> occurrences) {

    public StoredCodeBlock {
        occurrences = List.copyOf(occurrences);
    }
}
