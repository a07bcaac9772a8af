package dev.tapedeck.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sessions of one agent: how many, by status, how long the ended ones took on average
 * ({@code null} when none has ended), when the first started and when the last was active.
 */
public record AgentSessions(String agentName, long total, Map<String, Long> byStatus, Duration averageDuration,
                            Instant firstStarted, Instant lastActive) {

    public AgentSessions {
        byStatus = Collections.unmodifiableMap(new TreeMap<>(byStatus));
    }

    public long count(SessionStatus status) {
        return byStatus.getOrDefault(status.wireName(), 0L);
    }

    /** Completed sessions out of those that ended, or {@code null} when none has. */
    public Double successRate() {
        long ended = total - count(SessionStatus.RUNNING);
        return ended == 0 ? null : (double) count(SessionStatus.COMPLETED) / ended;
    }
}
