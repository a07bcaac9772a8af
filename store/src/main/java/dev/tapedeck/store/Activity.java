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
 * agent reads at most one row per minute, type and pattern instead of every event. A session's own
 * timeline ({@link #sessionTimeline}) is read from its events, in buckets as short as a second.
 */
public final class Activity {
    /** The widest timeline answered, in buckets; a wider one is the caller's error. */
    public static final int MAX_BUCKETS = 10_000;

    // Whole hours come from extraction_hours, the partial hours at either end from
    // extraction_minutes; minute buckets read minutes only (the hour range is then empty).
    private static final String TIMELINE = """
            SELECT bucket, event_type, sum(n) FROM (
                SELECT (minute / ?) * ? AS bucket, event_type, count AS n FROM extraction_minutes
                WHERE ((minute >= ? AND minute < ?) OR (minute >= ? AND minute < ?))%1$s
                UNION ALL
                SELECT (hour * 60 / ?) * ? AS bucket, event_type, count AS n FROM extraction_hours
                WHERE hour >= ? AND hour < ?%1$s
            ) GROUP BY bucket, event_type ORDER BY bucket, event_type""";
    private static final String TIMELINE_AGENT = " AND agent_name = ?";
    // A session's own events, bucketed from its start: one pass over its index (session_id, timestamp, id).
    // An event stamped before the start (clocks) falls into the first bucket.
    static final String SESSION_TIMELINE = """
            SELECT max(timestamp - ?, 0) / ? AS bucket, event_type, count(*) FROM extraction_events
            WHERE session_id = ? GROUP BY bucket, event_type ORDER BY bucket, event_type""";
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

    /**
     * A timeline's minutes [from, to) as minutes [from, headEnd), whole hours [firstHour, endHour)
     * and minutes [tailStart, to). Minute buckets, and ranges without a whole hour, are all minutes.
     */
    private record Split(long headEnd, long firstHour, long endHour, long tailStart) {
        static Split of(long fromMinute, long toMinute, Bucket bucket) {
            long firstHour = Math.floorDiv(fromMinute + 59, 60);
            long endHour = Math.floorDiv(toMinute, 60);
            if (bucket == Bucket.MINUTE || firstHour >= endHour) {
                return new Split(toMinute, 0, 0, toMinute);
            }
            return new Split(firstHour * 60, firstHour, endHour, endHour * 60);
        }
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
        String sql = TIMELINE.formatted(agentName == null ? "" : TIMELINE_AGENT);
        Split split = Split.of(fromMinute, toMinute, bucket);
        return reads.read("read timeline from " + from + " to " + to, c -> {
            PreparedStatement ps = c.prepare(sql);
            long[] minutes = {bucket.minutes(), bucket.minutes(), fromMinute, split.headEnd(), split.tailStart(),
                toMinute};
            long[] hours = {bucket.minutes(), bucket.minutes(), split.firstHour(), split.endHour()};
            int i = 1;
            for (long value : minutes) {
                ps.setLong(i++, value);
            }
            if (agentName != null) {
                ps.setString(i++, agentName);
            }
            for (long value : hours) {
                ps.setLong(i++, value);
            }
            if (agentName != null) {
                ps.setString(i, agentName);
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

    /**
     * A session's events in buckets of {@code bucket} from its start ({@code start}, the session's
     * start time), buckets without events left out. Read from the events themselves, not the
     * rollups: a bucket may be a second, and a session holds few events next to a whole database.
     */
    public List<TimelineBucket> sessionTimeline(String sessionId, Instant start, java.time.Duration bucket) {
        long width = bucket.toNanos() / 1_000;
        if (width < 1) {
            throw new IllegalArgumentException("a bucket must be at least a microsecond, got " + bucket);
        }
        long from = Micros.of(start);
        return reads.read("read the timeline of session '" + sessionId + "'", c -> {
            PreparedStatement ps = c.prepare(SESSION_TIMELINE);
            ps.setLong(1, from);
            ps.setLong(2, width);
            ps.setString(3, sessionId);
            Map<Long, Map<String, Long>> byBucket = new LinkedHashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byBucket.computeIfAbsent(rs.getLong(1), b -> new LinkedHashMap<>()).put(rs.getString(2), rs.getLong(3));
                }
            }
            List<TimelineBucket> timeline = new ArrayList<>(byBucket.size());
            byBucket.forEach((index, counts) -> timeline.add(new TimelineBucket(Micros.toInstant(from + index * width),
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
