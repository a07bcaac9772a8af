package dev.tapedeck.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What one agent (or every agent) did over a time range, in buckets of an hour or a day aligned to
 * the epoch in UTC: sessions started by status, lines recorded, errors, high-risk commands, tokens
 * and cost, and the most frequent error values. Each series is one indexed read: sessions by
 * start time, lines from the chunks of the sessions that overlap the range (a seek per session on
 * the chunks' time index), errors from the hourly and per-minute rollups ({@link
 * Activity#timeline}), high-risk commands from the partial risk index (one agent's from the
 * per-minute rollup), usage events from the pattern
 * index (the three patterns whose usage a listing counts). Only the frequent errors read events one
 * by one: the newest {@link #ERROR_SCAN} of the range, read in index order.
 */
public final class Overview {
    /** Error events read for the frequent errors at most, newest first. */
    public static final int ERROR_SCAN = 10_000;
    /** The event types counted as errors, as in a listing's {@code errors} ({@link SessionSummaries}). */
    public static final Set<String> ERROR_TYPES = Set.of("error", "exception", "compiler_error", "test_failure");

    private static final String AGENT = " AND agent_name = ?";
    private static final String SESSIONS = """
            SELECT (started_at - ?) / ? AS bucket, status, count(*) FROM process_sessions
            WHERE started_at >= ? AND started_at < ?%s GROUP BY bucket, status""";
    // CROSS JOIN keeps the sessions outside, so each is one range on idx_chunks_session_time; a chunk
    // that began before the range counts in its first bucket.
    private static final String LINES = """
            SELECT (max(c.first_at, ?) - ?) / ? AS bucket, sum(c.line_count)
            FROM process_sessions s CROSS JOIN output_chunks c
            WHERE s.started_at < ? AND (s.ended_at IS NULL OR s.ended_at >= ?)%s
                AND c.session_id = s.session_id AND c.last_at >= ? AND c.first_at < ?
            GROUP BY bucket""";
    // Every agent: the partial risk index holds only the events that have a risk. One agent: its rows
    // of the per-minute rollup, a range on idx_minutes_agent (the risk index would read every
    // agent's high-risk events to find its own).
    private static final String HIGH_RISK = """
            SELECT (timestamp - ?) / ? AS bucket, count(*) FROM extraction_events
            WHERE risk_level = 'high' AND timestamp >= ? AND timestamp < ? GROUP BY bucket""";
    private static final String HIGH_RISK_OF_AGENT = """
            SELECT (minute * 60000000 - ?) / ? AS bucket, sum(count) FROM extraction_minutes
            WHERE agent_name = ? AND minute >= ? AND minute < ? AND risk_level = 'high' GROUP BY bucket""";
    private static final String USAGE = """
            SELECT (timestamp - ?) / ? AS bucket,
                sum(json_extract(metadata_json, '$.input_tokens')),
                sum(json_extract(metadata_json, '$.output_tokens')),
                sum(json_extract(metadata_json, '$.total_cost_usd'))
            FROM extraction_events INDEXED BY idx_extractions_pattern_time
            WHERE pattern IN ('claude_stream_json', 'codex_json', 'gemini_stream_json')
                AND timestamp >= ? AND timestamp < ?%s AND %s GROUP BY bucket""";
    // Every agent: per error type, newest first straight off idx_extractions_type_time (no sort), the
    // types' rows merged and counted here. One agent: its events newest first off its own index.
    private static final String ERRORS_OF_TYPE = """
            SELECT matched_value, session_id, timestamp, event_type FROM extraction_events
            WHERE event_type = ? AND timestamp >= ? AND timestamp < ? AND matched_value IS NOT NULL
            ORDER BY timestamp DESC LIMIT ?""";
    private static final String ERRORS_OF_AGENT = """
            SELECT matched_value, session_id, timestamp, event_type FROM extraction_events
                INDEXED BY idx_extractions_agent_time
            WHERE agent_name = ? AND timestamp >= ? AND timestamp < ? AND matched_value IS NOT NULL
                AND event_type IN ('error', 'exception', 'compiler_error', 'test_failure')
            ORDER BY timestamp DESC LIMIT ?""";
    private static final String AGENTS = "SELECT agent_name FROM metric_agents ORDER BY agent_name LIMIT 1000";

    /** One bucket; tokens and cost are {@code null} when no usage event in it reported them. */
    public record Bucket(Instant start, Map<String, Long> sessionsByStatus, long lines, long errors, long highRisk,
                         Long inputTokens, Long outputTokens, Double costUsd) {
        public Bucket {
            sessionsByStatus = Collections.unmodifiableMap(new TreeMap<>(sessionsByStatus));
        }
    }

    /** An error value, how often it was seen, in how many sessions, and the newest sighting. */
    public record FrequentError(String value, String eventType, long count, long sessions, String lastSessionId,
                                Instant lastSeen) {
    }

    /**
     * The overview: every bucket of the range, empty ones included; the frequent errors, most
     * frequent first; {@code errorsCutShort} when the range held more errors than were read for
     * them; every agent ever seen (the first 1,000 by name).
     */
    public record AgentOverview(String agentName, Instant since, Instant until, Activity.Bucket width,
                                List<Bucket> buckets, List<FrequentError> frequentErrors, boolean errorsCutShort,
                                List<String> agents) {
        public AgentOverview {
            buckets = List.copyOf(buckets);
            frequentErrors = List.copyOf(frequentErrors);
            agents = List.copyOf(agents);
        }
    }

    private final ReadPool reads;
    private final Activity activity;

    Overview(ReadPool reads, Activity activity) {
        this.reads = reads;
        this.activity = activity;
    }

    /** The overview of agentName ({@code null}: every agent) over [since, until), with up to errorLimit errors. */
    public AgentOverview read(String agentName, Instant since, Instant until, Activity.Bucket width, int errorLimit) {
        long from = Micros.of(since);
        long to = Micros.of(until);
        if (to <= from) {
            throw new IllegalArgumentException("until must be after since (" + since + "), got " + until);
        }
        long size = width.minutes() * Micros.PER_MINUTE;
        long first = Math.floorDiv(from, size) * size;
        long count = (to - first + size - 1) / size;
        if (count > Activity.MAX_BUCKETS) {
            throw new IllegalArgumentException("an overview has at most " + Activity.MAX_BUCKETS + " buckets, got "
                    + count + " " + width.wireName() + " buckets from " + since + " to " + until);
        }
        Series s = new Series((int) count);
        String agent = agentName == null ? "" : AGENT;
        List<FrequentError> errors = reads.read("read the overview of " + (agentName == null ? "every agent"
                : "agent '" + agentName + "'") + " from " + since + " to " + until, c -> {
            readSessions(c, String.format(SESSIONS, agent), agentName, first, size, from, to, s);
            readSums(c, String.format(LINES, agent), agentName, new long[] {from, first, size, to, from},
                    new long[] {from, to}, s.lines);
            if (agentName == null) {
                readSums(c, HIGH_RISK, null, new long[] {first, size, from, to}, new long[0], s.highRisk);
            } else {
                readSums(c, HIGH_RISK_OF_AGENT, agentName, new long[] {first, size}, new long[] {
                    Math.floorDiv(from, Micros.PER_MINUTE), Math.floorDiv(to + Micros.PER_MINUTE - 1, Micros.PER_MINUTE)},
                        s.highRisk);
            }
            readUsage(c, String.format(USAGE, agent, SessionSummaries.SESSION_USAGE), agentName, first, size, from, to, s);
            return readFrequentErrors(c, agentName, from, to, errorLimit);
        });
        long errorTotal = 0;
        for (Activity.TimelineBucket b : activity.timeline(agentName, since, until, width)) {
            long i = (Micros.of(b.start()) - first) / size;
            long n = b.byType().entrySet().stream().filter(e -> ERROR_TYPES.contains(e.getKey()))
                    .mapToLong(Map.Entry::getValue).sum();
            if (i >= 0 && i < count) {
                s.errors[(int) i] += n;
            }
            errorTotal += n;
        }
        List<Bucket> buckets = new ArrayList<>((int) count);
        for (int i = 0; i < count; i++) {
            buckets.add(new Bucket(Micros.toInstant(first + i * size), s.sessions.get(i), s.lines[i], s.errors[i],
                    s.highRisk[i], s.input[i], s.output[i], s.cost[i]));
        }
        List<String> agents = reads.read("list agents", c -> {
            List<String> names = new ArrayList<>();
            try (ResultSet rs = c.prepare(AGENTS).executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            return names;
        });
        return new AgentOverview(agentName, since, until, width, buckets, errors, errorTotal > ERROR_SCAN, agents);
    }

    /** The series being filled, one slot per bucket. */
    private static final class Series {
        final List<Map<String, Long>> sessions = new ArrayList<>();
        final long[] lines;
        final long[] errors;
        final long[] highRisk;
        final Long[] input;
        final Long[] output;
        final Double[] cost;

        Series(int count) {
            for (int i = 0; i < count; i++) {
                sessions.add(new TreeMap<>());
            }
            lines = new long[count];
            errors = new long[count];
            highRisk = new long[count];
            input = new Long[count];
            output = new Long[count];
            cost = new Double[count];
        }
    }

    private static int bind(PreparedStatement ps, long[] values, int from) throws SQLException {
        int i = from;
        for (long value : values) {
            ps.setLong(i++, value);
        }
        return i;
    }

    private static void readSessions(SqlConnection c, String sql, String agent, long first, long size, long from,
                                     long to, Series s) throws SQLException {
        PreparedStatement ps = c.prepare(sql);
        int i = bind(ps, new long[] {first, size, from, to}, 1);
        if (agent != null) {
            ps.setString(i, agent);
        }
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                s.sessions.get(rs.getInt(1)).put(rs.getString(2), rs.getLong(3));
            }
        }
    }

    /** A query of (bucket, sum) with the agent bound between before and after. */
    private static void readSums(SqlConnection c, String sql, String agent, long[] before, long[] after, long[] into)
            throws SQLException {
        PreparedStatement ps = c.prepare(sql);
        int i = bind(ps, before, 1);
        if (agent != null) {
            ps.setString(i++, agent);
        }
        bind(ps, after, i);
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                into[rs.getInt(1)] += rs.getLong(2);
            }
        }
    }

    private static void readUsage(SqlConnection c, String sql, String agent, long first, long size, long from,
                                  long to, Series s) throws SQLException {
        PreparedStatement ps = c.prepare(sql);
        int i = bind(ps, new long[] {first, size, from, to}, 1);
        if (agent != null) {
            ps.setString(i, agent);
        }
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                int b = rs.getInt(1);
                s.input[b] = Rows.getLong(rs, 2);
                s.output[b] = Rows.getLong(rs, 3);
                double cost = rs.getDouble(4);
                s.cost[b] = rs.wasNull() ? null : cost;
            }
        }
    }

    private static void readErrors(PreparedStatement ps, int at, long from, long to, List<ErrorRow> into)
            throws SQLException {
        int i = bind(ps, new long[] {from, to}, at);
        ps.setInt(i, ERROR_SCAN);
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                into.add(new ErrorRow(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4)));
            }
        }
    }

    /** An error event as the frequent errors read it. */
    private record ErrorRow(String value, String sessionId, long timestamp, String type) {
    }

    /** The newest {@link #ERROR_SCAN} error events of the range, counted by value. */
    private static List<FrequentError> readFrequentErrors(SqlConnection c, String agent, long from, long to,
                                                          int limit) throws SQLException {
        List<ErrorRow> rows = new ArrayList<>();
        if (agent == null) {
            PreparedStatement ps = c.prepare(ERRORS_OF_TYPE);
            for (String type : new java.util.TreeSet<>(ERROR_TYPES)) {
                ps.setString(1, type);
                readErrors(ps, 2, from, to, rows);
            }
        } else {
            PreparedStatement ps = c.prepare(ERRORS_OF_AGENT);
            ps.setString(1, agent);
            readErrors(ps, 2, from, to, rows);
        }
        rows.sort(java.util.Comparator.comparingLong(ErrorRow::timestamp).reversed());
        Map<String, List<ErrorRow>> byValue = new LinkedHashMap<>();
        for (ErrorRow row : rows.subList(0, Math.min(rows.size(), ERROR_SCAN))) {
            byValue.computeIfAbsent(row.value(), v -> new ArrayList<>()).add(row);
        }
        // Most frequent first; ties: the most recently seen first (byValue holds the newest rows first).
        return byValue.values().stream()
                .sorted(java.util.Comparator.comparingInt((List<ErrorRow> l) -> l.size()).reversed())
                .limit(limit)
                .map(l -> new FrequentError(l.get(0).value(), l.get(0).type(), l.size(),
                        l.stream().map(ErrorRow::sessionId).distinct().count(), l.get(0).sessionId(),
                        Micros.toInstant(l.get(0).timestamp())))
                .toList();
    }
}
