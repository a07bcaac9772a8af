package dev.tapedeck.store;

import java.time.Instant;

/**
 * Which sessions to list. Every field is optional ({@code null}) and they combine with AND.
 * {@code active} true means still running, false means ended; {@code startedSince} and
 * {@code startedBefore} give the sessions started in {@code [startedSince, startedBefore)}.
 */
public record SessionFilter(String agentName, SessionStatus status, Boolean active, Instant startedSince,
                            Instant startedBefore, String host) {
    public static final SessionFilter ALL = new SessionFilter(null, null, null, null, null, null);

    public SessionFilter agent(String value) {
        return new SessionFilter(value, status, active, startedSince, startedBefore, host);
    }

    public SessionFilter status(SessionStatus value) {
        return new SessionFilter(agentName, value, active, startedSince, startedBefore, host);
    }

    public SessionFilter active(Boolean value) {
        return new SessionFilter(agentName, status, value, startedSince, startedBefore, host);
    }

    public SessionFilter startedSince(Instant value) {
        return new SessionFilter(agentName, status, active, value, startedBefore, host);
    }

    public SessionFilter startedBefore(Instant value) {
        return new SessionFilter(agentName, status, active, startedSince, value, host);
    }

    public SessionFilter host(String value) {
        return new SessionFilter(agentName, status, active, startedSince, startedBefore, value);
    }
}
