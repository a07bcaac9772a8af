package dev.tapedeck.store;

import java.time.Instant;

/**
 * Which extraction events to list. Every field is optional ({@code null}) and they combine with AND.
 * {@code since} is inclusive, {@code until} exclusive; {@code host} keeps the events of sessions
 * recorded on that host.
 */
public record ExtractionFilter(String agentName, String sessionId, String eventType, String pattern,
                               RiskLevel riskLevel, Instant since, Instant until, String host) {
    public static final ExtractionFilter ALL = new ExtractionFilter(null, null, null, null, null, null, null, null);

    public ExtractionFilter {
        if (since != null && until != null && until.isBefore(since)) {
            throw new IllegalArgumentException("until must not be before since (" + since + "), got " + until);
        }
    }

    public ExtractionFilter agent(String value) {
        return new ExtractionFilter(value, sessionId, eventType, pattern, riskLevel, since, until, host);
    }

    public ExtractionFilter session(String value) {
        return new ExtractionFilter(agentName, value, eventType, pattern, riskLevel, since, until, host);
    }

    public ExtractionFilter type(String value) {
        return new ExtractionFilter(agentName, sessionId, value, pattern, riskLevel, since, until, host);
    }

    public ExtractionFilter pattern(String value) {
        return new ExtractionFilter(agentName, sessionId, eventType, value, riskLevel, since, until, host);
    }

    public ExtractionFilter risk(RiskLevel value) {
        return new ExtractionFilter(agentName, sessionId, eventType, pattern, value, since, until, host);
    }

    public ExtractionFilter between(Instant from, Instant to) {
        return new ExtractionFilter(agentName, sessionId, eventType, pattern, riskLevel, from, to, host);
    }

    public ExtractionFilter host(String value) {
        return new ExtractionFilter(agentName, sessionId, eventType, pattern, riskLevel, since, until, value);
    }
}
