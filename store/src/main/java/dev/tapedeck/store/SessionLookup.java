package dev.tapedeck.store;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What a session reference named (see {@link Sessions#lookup}): one session, none, or several. The
 * command line and the HTTP routes turn the last two into their own errors with {@link #message()}.
 */
public sealed interface SessionLookup permits SessionLookup.Found, SessionLookup.Missing, SessionLookup.Ambiguous {
    /** Candidates an ambiguous reference lists at most. */
    int MAX_CANDIDATES = 10;

    /** One line for the user; the session's id when found. */
    String message();

    record Found(Session session) implements SessionLookup {
        @Override
        public String message() {
            return session.sessionId();
        }
    }

    /** Nothing matches; message says why ({@code no session 'abc'}, or that an agent has none). */
    record Missing(String reference, String message) implements SessionLookup {
    }

    /**
     * Several sessions match a prefix: the newest {@link #MAX_CANDIDATES} of them, newest first; more
     * when there are others.
     */
    record Ambiguous(String reference, List<Session> candidates, boolean more) implements SessionLookup {
        public Ambiguous {
            candidates = List.copyOf(candidates);
        }

        @Override
        public String message() {
            return "session '" + reference + "' is ambiguous; " + (more ? "more than " : "") + candidates.size()
                    + " sessions match it: " + candidates.stream()
                    .map(s -> s.sessionId() + " (" + s.agentName() + ")").collect(Collectors.joining(", "))
                    + (more ? ", ..." : "") + "; give more of the id";
        }
    }
}
