package dev.tapedeck.store;

import java.time.Instant;
import java.util.Objects;

/**
 * An event extracted from a line of output by a pattern. {@code id} is the database's sequence once
 * stored, 0 before. Optional fields may be {@code null}.
 */
public record Extraction(long id, String agentName, String sessionId, Instant timestamp, String eventType,
                         String pattern, String matchedValue, String originalLine, Long lineNumber,
                         String metadataJson, String codeBlockLanguage, RiskLevel riskLevel,
                         boolean autoConfirmable) implements Write {

    public Extraction {
        Checks.requireText("agentName", agentName);
        Checks.requireText("sessionId", sessionId);
        Checks.requireText("eventType", eventType);
        Checks.requireText("pattern", pattern);
        Objects.requireNonNull(timestamp, "timestamp");
    }

    /** An event not yet stored, with only the fields every event has. */
    public static Extraction of(String agentName, String sessionId, Instant timestamp, String eventType,
                                String pattern, String matchedValue) {
        return new Extraction(0, agentName, sessionId, timestamp, eventType, pattern, matchedValue,
                null, null, null, null, null, false);
    }

    public Extraction withLine(long lineNumber, String originalLine) {
        return new Extraction(id, agentName, sessionId, timestamp, eventType, pattern, matchedValue,
                originalLine, lineNumber, metadataJson, codeBlockLanguage, riskLevel, autoConfirmable);
    }

    public Extraction withRisk(RiskLevel riskLevel, boolean autoConfirmable) {
        return new Extraction(id, agentName, sessionId, timestamp, eventType, pattern, matchedValue,
                originalLine, lineNumber, metadataJson, codeBlockLanguage, riskLevel, autoConfirmable);
    }

    public Extraction withMetadata(String metadataJson, String codeBlockLanguage) {
        return new Extraction(id, agentName, sessionId, timestamp, eventType, pattern, matchedValue,
                originalLine, lineNumber, metadataJson, codeBlockLanguage, riskLevel, autoConfirmable);
    }
}
