package dev.tapedeck.store;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/**
 * The counters that metrics export, as the database keeps them: {@code metric_counters}, which
 * triggers update in the same transaction as the rows they count and nothing ever decrements, so
 * they are monotonic across restarts, processes and retention (schema v3). Each read is one small
 * table scan, however big the database.
 */
public final class Counters {
    private static final String LIST = """
            SELECT c.metric, c.agent_name, a.rank, c.label, c.risk_level, c.value
            FROM metric_counters c LEFT JOIN metric_agents a ON a.agent_name = c.agent_name
            ORDER BY c.metric, a.rank, c.label, c.risk_level""";
    private static final String ACTIVE = """
            SELECT s.agent_name, a.rank, count(*) FROM process_sessions s
            LEFT JOIN metric_agents a ON a.agent_name = s.agent_name
            WHERE s.status = 'running' GROUP BY s.agent_name""";

    /** The counted things, by their name in {@code metric_counters.metric}. */
    public enum Metric {
        LINES, OUTPUT_BYTES, EXTRACTIONS, CODE_BLOCKS, DUPLICATE_CODE_BLOCKS, SESSIONS_ENDED, DROPPED_LINES, REDACTIONS;

        public String wireName() {
            return WireNames.of(this);
        }

        static Metric parse(String text) {
            return WireNames.parse(values(), "metric", text);
        }
    }

    /**
     * One counter value.
     *
     * @param agentRank the agent's place in the order agents were first seen, from 1
     * @param label     the stream, event type, session status or redaction kind, by metric; "" when it has none
     * @param riskLevel the risk of extraction events, "" for none
     */
    public record Counter(Metric metric, String agentName, long agentRank, String label, String riskLevel,
                          long value) {
    }

    /** Sessions running now per agent. */
    public record Active(String agentName, long agentRank, long sessions) {
    }

    private final ReadPool reads;
    private final Path file;

    Counters(ReadPool reads, Path file) {
        this.reads = reads;
        this.file = file;
    }

    public List<Counter> listCounters() {
        return reads.read("read metric counters", c -> {
            PreparedStatement ps = c.prepare(LIST);
            List<Counter> counters = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counters.add(new Counter(Metric.parse(rs.getString(1)), rs.getString(2), rank(rs.getLong(3)),
                            rs.getString(4), rs.getString(5), rs.getLong(6)));
                }
            }
            return counters;
        });
    }

    public List<Active> listActive() {
        return reads.read("count running sessions", c -> {
            PreparedStatement ps = c.prepare(ACTIVE);
            List<Active> active = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    active.add(new Active(rs.getString(1), rank(rs.getLong(2)), rs.getLong(3)));
                }
            }
            return active;
        });
    }

    /** An agent without a rank (a row older than its trigger cannot be) sorts last. */
    private static long rank(long rank) {
        return rank == 0 ? Long.MAX_VALUE : rank;
    }

    /** The size of the database file and of its write-ahead log now. */
    public DiskUse diskUse() {
        return DiskUse.of(file);
    }
}
