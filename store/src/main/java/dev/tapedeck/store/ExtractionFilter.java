package dev.tapedeck.store;

import java.time.Instant;

/**
 * Which extraction events to list. Every field is optional ({@code null}) and they combine with AND.
 * {@code since} is inclusive, {@code until} exclusive; {@code host} keeps the events of sessions
 * recorded on that host; {@code text} keeps the events whose value or line holds it (ignoring the
 * case of ASCII letters), read from each event the other fields select, so give it with a session.
 */
public record ExtractionFilter(String agentName, String sessionId, String eventType, String pattern,
                               RiskLevel riskLevel, Instant since, Instant until, String host, String text) {
    public static final ExtractionFilter ALL = new ExtractionFilter(null, null, null, null, null, null, null, null);

    public ExtractionFilter {
        if (since != null && until != null && until.isBefore(since)) {
            throw new IllegalArgumentException("until must not be before since (" + since + "), got " + until);
        }
    }

    /** A filter without text. */
    public ExtractionFilter(String agentName, String sessionId, String eventType, String pattern,
                            RiskLevel riskLevel, Instant since, Instant until, String host) {
        this(agentName, sessionId, eventType, pattern, riskLevel, since, until, host, null);
    }

    public ExtractionFilter agent(String value) {
        return new ExtractionFilter(value, sessionId, eventType, pattern, riskLevel, since, until, host, text);
    }

    public ExtractionFilter session(String value) {
        return new ExtractionFilter(agentName, value, eventType, pattern, riskLevel, since, until, host, text);
    }

    public ExtractionFilter type(String value) {
        return new ExtractionFilter(agentName, sessionId, value, pattern, riskLevel, since, until, host, text);
    }

    public ExtractionFilter pattern(String value) {
        return new ExtractionFilter(agentName, sessionId, eventType, value, riskLevel, since, until, host, text);
    }

    public ExtractionFilter risk(RiskLevel value) {
        return new ExtractionFilter(agentName, sessionId, eventType, pattern, value, since, until, host, text);
    }

    public ExtractionFilter between(Instant from, Instant to) {
        return new ExtractionFilter(agentName, sessionId, eventType, pattern, riskLevel, from, to, host, text);
    }

    public ExtractionFilter host(String value) {
        return new ExtractionFilter(agentName, sessionId, eventType, pattern, riskLevel, since, until, value, text);
    }

    public ExtractionFilter text(String value) {
        return new ExtractionFilter(agentName, sessionId, eventType, pattern, riskLevel, since, until, host, value);
    }
}
