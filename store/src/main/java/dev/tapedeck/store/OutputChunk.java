package dev.tapedeck.store;

import java.util.List;

/** The lines of one {@code output_chunks} row: consecutive lines of one session. */
public record OutputChunk(long id, String sessionId, List<OutputLine> lines) {
    public OutputChunk {
        lines = List.copyOf(lines);
    }
}
