package dev.tapedeck.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads extraction events. Writes go through the {@link WriteQueue}. */
public final class Extractions {
    private static final String LIST = """
            SELECT id, agent_name, session_id, timestamp, event_type, pattern, matched_value, original_line,
                line_number, metadata_json, code_block_language, risk_level, auto_confirmable
            FROM extraction_events""";
    private static final String LIST_ORDER = " ORDER BY timestamp DESC, id DESC LIMIT ?";
    private static final String LIST_ORDER_OLDEST = " ORDER BY timestamp, id LIMIT ?";
    private static final String LAST_ID = "SELECT coalesce(max(id), 0) FROM extraction_events";
    // Counts come from the per-minute rollup and the span from two index probes, so statistics cost
    // the same on a million events as on ten.
    private static final String AGENT_FIRST = """
            SELECT timestamp FROM extraction_events WHERE agent_name = ? ORDER BY timestamp, id LIMIT 1""";
    private static final String AGENT_LAST = """
            SELECT timestamp FROM extraction_events WHERE agent_name = ? ORDER BY timestamp DESC, id DESC LIMIT 1""";
    private static final String AGENT_BY_TYPE = """
            SELECT event_type, sum(count) FROM extraction_minutes WHERE agent_name = ? GROUP BY event_type""";
    private static final String AGENT_BY_RISK = """
            SELECT risk_level, sum(count) FROM extraction_minutes
            WHERE agent_name = ? AND risk_level <> '' GROUP BY risk_level""";
    // lower() folds ASCII letters only, as SQLite's LIKE does; instr() needs no escaping of % and _.
    private static final String TEXT = "(instr(lower(coalesce(matched_value, '')), lower(?)) > 0"
            + " OR instr(lower(coalesce(original_line, '')), lower(?)) > 0)";
    private static final String SESSION_BY_RISK = """
            SELECT risk_level, count(*) FROM extraction_events WHERE session_id = ? AND risk_level IS NOT NULL
            GROUP BY risk_level""";
    private static final String SESSION_BY_TYPE = """
            SELECT event_type, count(*) FROM extraction_events WHERE session_id = ? GROUP BY event_type""";
    private static final String AFTER = """
            SELECT id, agent_name, session_id, timestamp, event_type, pattern, matched_value, original_line,
                line_number, metadata_json, code_block_language, risk_level, auto_confirmable
            FROM extraction_events""";
    private static final String AFTER_ORDER = " ORDER BY id LIMIT ?";
    // A session's events in time order: its index (session_id, timestamp, id) in order, no sort. The
    // unary + keeps SQLite off the type and risk indexes, which hold that type's events of every session.
    // ShowCommand reads these; the listings above (the HTTP routes') keep their own order and paging.
    private static final String OF_SESSION_ORDER = " ORDER BY timestamp, id";
    static final String HIGHLIGHTS = LIST + " WHERE session_id = ? AND (+event_type IN (%s)"
            + " OR +risk_level = 'high')" + OF_SESSION_ORDER;
    static final String NOT_HIGHLIGHTS = LIST + " WHERE session_id = ? AND NOT (+event_type IN (%s)"
            + " OR coalesce(+risk_level, '') = 'high')" + OF_SESSION_ORDER + " LIMIT ?";

    private final ReadPool reads;

    Extractions(ReadPool reads) {
        this.reads = reads;
    }

    /** Events matching every field of the filter, newest first. */
    public Page<Extraction> list(ExtractionFilter filter, PageRequest page) {
        return list(filter, page, true);
    }

    /** Events matching every field of the filter, oldest first: the same pages in the other order. */
    public Page<Extraction> listOldestFirst(ExtractionFilter filter, PageRequest page) {
        return list(filter, page, false);
    }

    private Page<Extraction> list(ExtractionFilter filter, PageRequest page, boolean newestFirst) {
        Where where = where(filter, Drive.INDEX);
        if (newestFirst) {
            where.before("timestamp", page.cursor());
        } else {
            where.after("timestamp", page.cursor());
        }
        String sql = LIST + where.sql() + (newestFirst ? LIST_ORDER : LIST_ORDER_OLDEST);
        return reads.read("list extractions", c -> {
            PreparedStatement ps = c.prepare(sql);
            ps.setInt(where.bind(ps), page.limit() + 1);
            List<Extraction> events = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    events.add(map(rs));
                }
            }
            return Pages.of(events, page.limit(), x -> Cursors.encode(Micros.of(x.timestamp()), x.id()));
        });
    }

    /** How the filter's conditions should steer SQLite's choice of index. */
    private enum Drive {
        /** Any index SQLite likes; the session's when a session is asked for. */
        INDEX,
        /** The id range (a follower's few newest rows), or the session's index when one is asked for. */
        ID_RANGE
    }

    /**
     * Every field of the filter as conditions on extraction_events. A unary + keeps SQLite off a
     * column's index: a session holds few events, so its index is the one to use, and a follower's
     * id range is small. Without statistics SQLite may pick the risk or type index instead and scan
     * a large share of the table.
     */
    private static Where where(ExtractionFilter filter, Drive drive) {
        boolean bySession = filter.sessionId() != null;
        String other = bySession || drive == Drive.ID_RANGE ? "+" : "";
        String time = drive == Drive.ID_RANGE ? "+" : "";
        Where where = new Where()
                .andIf(filter.agentName(), other + "agent_name = ?")
                .andIf(filter.sessionId(), "session_id = ?")
                .andIf(filter.eventType(), other + "event_type = ?")
                .andIf(filter.pattern(), other + "pattern = ?")
                .andIf(filter.riskLevel() == null ? null : filter.riskLevel().wireName(), other + "risk_level = ?")
                .andIf(filter.since() == null ? null : Micros.of(filter.since()), time + "timestamp >= ?")
                .andIf(filter.until() == null ? null : Micros.of(filter.until()), time + "timestamp < ?")
                .andIf(filter.host(), other + "session_id IN (SELECT session_id FROM process_sessions WHERE host = ?)");
        return filter.text() == null ? where : where.and(TEXT, filter.text(), filter.text());
    }

    /** How many events an agent has, by type and by risk, and when it was first and last seen. */
    public AgentStats agentStats(String agentName) {
        return reads.read("read statistics of agent '" + agentName + "'", c -> {
            Map<String, Long> byType = countBy(c, AGENT_BY_TYPE, agentName);
            long total = byType.values().stream().mapToLong(Long::longValue).sum();
            return new AgentStats(agentName, total, byType, countBy(c, AGENT_BY_RISK, agentName),
                    timestamp(c, AGENT_FIRST, agentName), timestamp(c, AGENT_LAST, agentName));
        });
    }

    /** How many events a session has, by type. */
    public Map<String, Long> countByType(String sessionId) {
        return reads.read("count extractions of session '" + sessionId + "'",
                c -> new java.util.TreeMap<>(countBy(c, SESSION_BY_TYPE, sessionId)));
    }

    /** How many events a session has, by risk level (events without one are not counted). */
    public Map<String, Long> countByRisk(String sessionId) {
        return reads.read("count extractions of session '" + sessionId + "' by risk",
                c -> new java.util.TreeMap<>(countBy(c, SESSION_BY_RISK, sessionId)));
    }

    /**
     * Up to limit events with an id above afterId, in commit order, matching every field of the
     * filter. Ids grow in commit order, so polling with the last id seen misses nothing.
     */
    public List<Extraction> listAfter(long afterId, ExtractionFilter filter, int limit) {
        // Without a session the id range drives: a follower asks for the few newest rows.
        Where where = where(filter, Drive.ID_RANGE).and("id > ?", afterId);
        String sql = AFTER + where.sql() + AFTER_ORDER;
        return reads.read("list extractions after id " + afterId, c -> {
            PreparedStatement ps = c.prepare(sql);
            ps.setInt(where.bind(ps), limit);
            List<Extraction> events = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    events.add(map(rs));
                }
            }
            return events;
        });
    }

    /** The id of the newest committed event, 0 when there is none: where a follower starts. */
    public long lastId() {
        return reads.read("read the last extraction id", c -> {
            try (ResultSet rs = c.prepare(LAST_ID).executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    /**
     * Every event of a session in time order (ties in commit order), of one type and of one risk
     * when they are not {@code null}: one pass over the session's own index.
     */
    public List<Extraction> listOfSession(String sessionId, String eventType, RiskLevel risk) {
        Where where = new Where()
                .and("session_id = ?", sessionId)
                .andIf(eventType, "+event_type = ?")
                .andIf(risk == null ? null : risk.wireName(), "+risk_level = ?");
        String sql = LIST + where.sql() + OF_SESSION_ORDER;
        return reads.read("list extractions of session '" + sessionId + "'", c -> {
            PreparedStatement ps = c.prepare(sql);
            where.bind(ps);
            return readAll(ps);
        });
    }

    /**
     * Up to limit events of a session after (afterTimestamp, afterId) in time order (ties in commit
     * order): a page of a session's events read in time order, for exports, whatever order a
     * recorder committed them in. Seeks the session's index (session_id, timestamp, id).
     */
    public List<Extraction> listOfSessionAfter(String sessionId, Instant afterTimestamp, long afterId, int limit) {
        long after = Micros.of(afterTimestamp);
        return reads.read("list extractions of session '" + sessionId + "' after " + after + "/" + afterId, c -> {
            PreparedStatement ps = c.prepare(OF_SESSION_AFTER);
            ps.setString(1, sessionId);
            ps.setLong(2, after);
            ps.setLong(3, after);
            ps.setLong(4, afterId);
            ps.setInt(5, limit);
            return readAll(ps);
        });
    }

    static final String OF_SESSION_AFTER = LIST + " WHERE session_id = ? AND timestamp >= ?"
            + " AND (timestamp > ? OR id > ?)" + OF_SESSION_ORDER + " LIMIT ?";

    /**
     * The events of a session a person looks at first, in time order (ties in commit order): all of
     * those of the given types or of high risk, and the first othersLimit of the rest. Two passes
     * over the session's index that read only the rows returned, where reading every event and
     * choosing in Java read all of them (5,000 events of a long session: 50 ms cold).
     */
    public List<Extraction> listHighlightsOfSession(String sessionId, java.util.Set<String> types, int othersLimit) {
        if (types.isEmpty()) {
            throw new IllegalArgumentException("types must not be empty");
        }
        List<String> typeList = List.copyOf(types);
        String marks = String.join(", ", java.util.Collections.nCopies(typeList.size(), "?"));
        return reads.read("list the highlights of session '" + sessionId + "'", c -> {
            PreparedStatement important = c.prepare(String.format(HIGHLIGHTS, marks));
            PreparedStatement rest = c.prepare(String.format(NOT_HIGHLIGHTS, marks));
            for (PreparedStatement ps : List.of(important, rest)) {
                ps.setString(1, sessionId);
                for (int i = 0; i < typeList.size(); i++) {
                    ps.setString(i + 2, typeList.get(i));
                }
            }
            rest.setInt(typeList.size() + 2, othersLimit);
            return mergeInTimeOrder(readAll(important), readAll(rest));
        });
    }

    private static List<Extraction> mergeInTimeOrder(List<Extraction> a, List<Extraction> b) {
        java.util.Comparator<Extraction> order = java.util.Comparator.comparing(Extraction::timestamp)
                .thenComparingLong(Extraction::id);
        List<Extraction> merged = new ArrayList<>(a.size() + b.size());
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            boolean takeA = j == b.size() || (i < a.size() && order.compare(a.get(i), b.get(j)) <= 0);
            merged.add(takeA ? a.get(i++) : b.get(j++));
        }
        return merged;
    }

    private static List<Extraction> readAll(PreparedStatement ps) throws SQLException {
        List<Extraction> events = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                events.add(map(rs));
            }
        }
        return events;
    }

    private static Instant timestamp(SqlConnection c, String sql, String agentName) throws SQLException {
        PreparedStatement ps = c.prepare(sql);
        ps.setString(1, agentName);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Micros.toInstant(rs.getLong(1)) : null;
        }
    }

    private static Map<String, Long> countBy(SqlConnection c, String sql, String key) throws SQLException {
        PreparedStatement ps = c.prepare(sql);
        ps.setString(1, key);
        Map<String, Long> counts = new LinkedHashMap<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
        }
        return counts;
    }

    private static Extraction map(ResultSet rs) throws SQLException {
        String risk = rs.getString(12);
        return new Extraction(rs.getLong(1), rs.getString(2), rs.getString(3), Micros.toInstant(rs.getLong(4)),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), Rows.getLong(rs, 9),
                rs.getString(10), rs.getString(11), risk == null ? null : RiskLevel.parse(risk), rs.getInt(13) != 0);
    }
}
