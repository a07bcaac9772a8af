package dev.tapedeck.store;

import java.time.Instant;

/**
 * Which hits a search keeps. Every field is optional ({@code null}) and they combine with AND.
 * {@code since} is inclusive, {@code until} exclusive, both on the line's or event's own time.
 */
public record SearchFilter(String agentName, String sessionId, Instant since, Instant until) {
    public static final SearchFilter ALL = new SearchFilter(null, null, null, null);

    public SearchFilter {
        if (since != null && until != null && until.isBefore(since)) {
            throw new IllegalArgumentException("until must not be before since (" + since + "), got " + until);
        }
    }

    public SearchFilter agent(String value) {
        return new SearchFilter(value, sessionId, since, until);
    }

    public SearchFilter session(String value) {
        return new SearchFilter(agentName, value, since, until);
    }

    public SearchFilter between(Instant from, Instant to) {
        return new SearchFilter(agentName, sessionId, from, to);
    }

    boolean keeps(Instant at) {
        return (since == null || !at.isBefore(since)) && (until == null || at.isBefore(until));
    }
}
