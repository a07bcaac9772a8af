package dev.tapedeck.store;

import java.time.Instant;
import java.util.List;

/**
 * A recorded line or an extraction value that matched a search.
 *
 * @param kind       {@code line} or {@code extraction}
 * @param text       the whole clean line, or the extraction's matched value
 * @param highlights start (inclusive) and end (exclusive) char offsets in text of every matching word
 * @param stream     the line's stream; {@code null} for an extraction
 * @param eventType  the extraction's type; {@code null} for a line
 */
public record SearchHit(String kind, String sessionId, String agentName, Long lineNumber, Instant timestamp,
                        String text, List<int[]> highlights, Stream stream, Long extractionId, String eventType,
                        String pattern) {
    public SearchHit {
        highlights = List.copyOf(highlights);
    }
}
