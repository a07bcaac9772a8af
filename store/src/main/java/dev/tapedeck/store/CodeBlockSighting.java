package dev.tapedeck.store;

import java.time.Instant;

/** One occurrence of a code block together with the block's content, as live streams show it. */
public record CodeBlockSighting(long occurrenceId, String agentName, String sessionId, Instant timestamp,
                                long lineStart, long lineEnd, boolean terminated, long blockId, String digest,
                                String language, String content, boolean duplicate) {
}
