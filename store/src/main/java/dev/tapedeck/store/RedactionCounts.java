package dev.tapedeck.store;

import java.util.Map;

/**
 * How many secrets of each kind the recorder replaced in a session's output: added to the
 * {@code tapedeck_redactions_total} counters of the session's agent.
 */
public record RedactionCounts(String sessionId, Map<String, Long> byKind) implements Write {
    public RedactionCounts {
        Checks.requireText("sessionId", sessionId);
        byKind = Map.copyOf(byKind);
        byKind.forEach((kind, n) -> {
            Checks.requireText("kind", kind);
            if (n < 0) {
                throw new IllegalArgumentException("redaction count of " + kind + " must be at least 0, got " + n);
            }
        });
    }
}
