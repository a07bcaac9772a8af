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
    private static final String AGENT_SPAN = """
            SELECT count(*), min(timestamp), max(timestamp) FROM extraction_events WHERE agent_name = ?""";
    private static final String AGENT_BY_TYPE = """
            SELECT event_type, count(*) FROM extraction_events WHERE agent_name = ? GROUP BY event_type""";
    private static final String AGENT_BY_RISK = """
            SELECT risk_level, count(*) FROM extraction_events
            WHERE agent_name = ? AND risk_level IS NOT NULL GROUP BY risk_level""";

    private final ReadPool reads;

    Extractions(ReadPool reads) {
        this.reads = reads;
    }

    /** Events matching every field of the filter, newest first. */
    public Page<Extraction> list(ExtractionFilter filter, PageRequest page) {
        Where where = new Where()
                .andIf(filter.agentName(), "agent_name = ?")
                .andIf(filter.sessionId(), "session_id = ?")
                .andIf(filter.eventType(), "event_type = ?")
                .andIf(filter.pattern(), "pattern = ?")
                .andIf(filter.riskLevel() == null ? null : filter.riskLevel().wireName(), "risk_level = ?")
                .andIf(filter.since() == null ? null : Micros.of(filter.since()), "timestamp >= ?")
                .andIf(filter.until() == null ? null : Micros.of(filter.until()), "timestamp < ?")
                .before("timestamp", page.cursor());
        String sql = LIST + where.sql() + LIST_ORDER;
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

    /** How many events an agent has, by type and by risk, and when it was first and last seen. */
    public AgentStats agentStats(String agentName) {
        return reads.read("read statistics of agent '" + agentName + "'", c -> {
            PreparedStatement span = c.prepare(AGENT_SPAN);
            span.setString(1, agentName);
            long total;
            Instant first;
            Instant last;
            try (ResultSet rs = span.executeQuery()) {
                rs.next();
                total = rs.getLong(1);
                first = Rows.getInstant(rs, 2);
                last = Rows.getInstant(rs, 3);
            }
            return new AgentStats(agentName, total, countBy(c, AGENT_BY_TYPE, agentName),
                    countBy(c, AGENT_BY_RISK, agentName), first, last);
        });
    }

    private static Map<String, Long> countBy(SqlConnection c, String sql, String agentName) throws SQLException {
        PreparedStatement ps = c.prepare(sql);
        ps.setString(1, agentName);
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
