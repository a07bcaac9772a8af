package dev.tapedeck.store;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Extraction statistics of one agent. {@code firstSeen} and {@code lastSeen} are {@code null} when
 * the agent has no events; the maps are sorted by key.
 */
public record AgentStats(String agentName, long total, Map<String, Long> byType, Map<String, Long> byRisk,
                         Instant firstSeen, Instant lastSeen) {

    public AgentStats {
        byType = Collections.unmodifiableMap(new TreeMap<>(byType));
        byRisk = Collections.unmodifiableMap(new TreeMap<>(byRisk));
    }
}
