package dev.tapedeck.store;

import java.time.Instant;

/**
 * Which sessions to list. Every field is optional ({@code null}) and they combine with AND.
 * {@code active} true means still running, false means ended; {@code startedSince} gives the history
 * over a period (sessions started at or after it).
 */
public record SessionFilter(String agentName, SessionStatus status, Boolean active, Instant startedSince) {
    public static final SessionFilter ALL = new SessionFilter(null, null, null, null);

    public SessionFilter agent(String value) {
        return new SessionFilter(value, status, active, startedSince);
    }

    public SessionFilter status(SessionStatus value) {
        return new SessionFilter(agentName, value, active, startedSince);
    }

    public SessionFilter active(Boolean value) {
        return new SessionFilter(agentName, status, value, startedSince);
    }

    public SessionFilter startedSince(Instant value) {
        return new SessionFilter(agentName, status, active, value);
    }
}
