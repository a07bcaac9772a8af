package dev.tapedeck.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts of extraction events over time, read from the per-minute rollup ({@code extraction_minutes})
 * that the writer keeps in the same transaction as the events. A timeline over a year of a busy
 * agent reads at most one row per minute, type and pattern instead of every event.
 */
public final class Activity {
    /** The widest timeline answered, in buckets; a wider one is the caller's error. */
    public static final int MAX_BUCKETS = 10_000;

    private static final String TIMELINE = """
            SELECT (minute / ?) * ? AS bucket, event_type, sum(count) FROM extraction_minutes
            WHERE minute >= ? AND minute < ?""";
    private static final String TIMELINE_AGENT = " AND agent_name = ?";
    private static final String TIMELINE_ORDER = " GROUP BY bucket, event_type ORDER BY bucket, event_type";
    private static final String PATTERN_BY_AGENT = """
            SELECT agent_name, sum(count) FROM extraction_minutes WHERE pattern = ?
            GROUP BY agent_name ORDER BY agent_name""";
    private static final String PATTERN_BY_DAY = """
            SELECT (minute / 1440) * 1440 AS day, sum(count) FROM extraction_minutes WHERE pattern = ?
            GROUP BY day ORDER BY day""";
    private static final String PATTERN_SPAN = """
            SELECT min(minute), max(minute) FROM extraction_minutes WHERE pattern = ?""";

    /** The width of a timeline bucket. */
    public enum Bucket {
        MINUTE(1), HOUR(60), DAY(1440);

        private final long minutes;

        Bucket(long minutes) {
            this.minutes = minutes;
        }

        public long minutes() {
            return minutes;
        }

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Events counted in one bucket, by type; buckets without events are left out. */
    public record TimelineBucket(Instant start, long total, Map<String, Long> byType) {
        public TimelineBucket {
            byType = java.util.Collections.unmodifiableMap(new TreeMap<>(byType));
        }
    }

    /** Matches of one pattern per agent and per day (UTC). */
    public record PatternStats(String pattern, long total, Map<String, Long> byAgent, List<DayCount> byDay,
                               Instant firstMinute, Instant lastMinute) {
        public PatternStats {
            byAgent = java.util.Collections.unmodifiableMap(new TreeMap<>(byAgent));
            byDay = List.copyOf(byDay);
        }
    }

    public record DayCount(Instant day, long count) {
    }

    private final ReadPool reads;

    Activity(ReadPool reads) {
        this.reads = reads;
    }

    /**
     * Events from {@code from} (rounded down to its minute) until {@code to} (exclusive) in buckets
     * aligned to the epoch in UTC, for one agent or, when agentName is {@code null}, for all.
     */
    public List<TimelineBucket> timeline(String agentName, Instant from, Instant to, Bucket bucket) {
        long fromMinute = Math.floorDiv(Micros.of(from), Micros.PER_MINUTE);
        long toMinute = Math.floorDiv(Micros.of(to) + Micros.PER_MINUTE - 1, Micros.PER_MINUTE);
        if (toMinute <= fromMinute) {
            throw new IllegalArgumentException("to must be after from (" + from + "), got " + to);
        }
        long buckets = (toMinute - fromMinute + bucket.minutes() - 1) / bucket.minutes();
        if (buckets > MAX_BUCKETS) {
            throw new IllegalArgumentException("a timeline has at most " + MAX_BUCKETS + " buckets, got " + buckets
                    + " " + bucket.wireName() + " buckets from " + from + " to " + to);
        }
        String sql = TIMELINE + (agentName == null ? "" : TIMELINE_AGENT) + TIMELINE_ORDER;
        return reads.read("read timeline from " + from + " to " + to, c -> {
            PreparedStatement ps = c.prepare(sql);
            ps.setLong(1, bucket.minutes());
            ps.setLong(2, bucket.minutes());
            ps.setLong(3, fromMinute);
            ps.setLong(4, toMinute);
            if (agentName != null) {
                ps.setString(5, agentName);
            }
            Map<Long, Map<String, Long>> byBucket = new LinkedHashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byBucket.computeIfAbsent(rs.getLong(1), b -> new LinkedHashMap<>()).put(rs.getString(2), rs.getLong(3));
                }
            }
            List<TimelineBucket> timeline = new ArrayList<>(byBucket.size());
            byBucket.forEach((minute, counts) -> timeline.add(new TimelineBucket(minuteStart(minute),
                    counts.values().stream().mapToLong(Long::longValue).sum(), counts)));
            return timeline;
        });
    }

    /** How often a pattern matched, per agent and per day; all zero for a pattern that never did. */
    public PatternStats patternStats(String pattern) {
        return reads.read("read statistics of pattern '" + pattern + "'", c -> {
            Map<String, Long> byAgent = new LinkedHashMap<>();
            PreparedStatement agents = c.prepare(PATTERN_BY_AGENT);
            agents.setString(1, pattern);
            try (ResultSet rs = agents.executeQuery()) {
                while (rs.next()) {
                    byAgent.put(rs.getString(1), rs.getLong(2));
                }
            }
            List<DayCount> byDay = new ArrayList<>();
            PreparedStatement days = c.prepare(PATTERN_BY_DAY);
            days.setString(1, pattern);
            try (ResultSet rs = days.executeQuery()) {
                while (rs.next()) {
                    byDay.add(new DayCount(minuteStart(rs.getLong(1)), rs.getLong(2)));
                }
            }
            PreparedStatement span = c.prepare(PATTERN_SPAN);
            span.setString(1, pattern);
            Instant first;
            Instant last;
            try (ResultSet rs = span.executeQuery()) {
                rs.next();
                Long min = Rows.getLong(rs, 1);
                Long max = Rows.getLong(rs, 2);
                first = min == null ? null : minuteStart(min);
                last = max == null ? null : minuteStart(max);
            }
            long total = byAgent.values().stream().mapToLong(Long::longValue).sum();
            return new PatternStats(pattern, total, byAgent, byDay, first, last);
        });
    }

    private static Instant minuteStart(long minute) {
        return Micros.toInstant(minute * Micros.PER_MINUTE);
    }
}
