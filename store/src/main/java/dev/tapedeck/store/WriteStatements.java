package dev.tapedeck.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Map;

/** The SQL of each kind of write, run on the writer's connection inside the writer's transaction. */
final class WriteStatements {
    private static final String INSERT_SESSION = """
            INSERT INTO process_sessions (session_id, agent_name, status, command_line, working_directory, host,
                pid, recorder_pid, recorder_started_at, environment, started_at, extraction_config_version,
                environment_config_version)
            VALUES (?, ?, 'running', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    private static final String UPDATE_SESSION = """
            UPDATE process_sessions
            SET pid = coalesce(?, pid), environment = coalesce(?, environment),
                stdout_log_path = coalesce(?, stdout_log_path), stderr_log_path = coalesce(?, stderr_log_path)
            WHERE session_id = ?""";
    private static final String END_SESSION = """
            UPDATE process_sessions
            SET status = ?, exit_code = ?, ended_at = ?, dropped_lines = dropped_lines + ?
            WHERE session_id = ?""";
    /** An orphan's end: only while the session is still running (its recorder may have ended it meanwhile). */
    private static final String END_INTERRUPTED = END_SESSION + " AND status = 'running'";
    private static final String INSERT_STATE_CHANGE = """
            INSERT INTO process_state_changes (session_id, timestamp, state, exit_code, metadata_json)
            VALUES (?, ?, ?, ?, ?)""";
    private static final String INSERT_EXTRACTION = """
            INSERT INTO extraction_events (agent_name, session_id, timestamp, event_type, pattern, matched_value,
                original_line, line_number, metadata_json, code_block_language, risk_level, auto_confirmable)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    private static final String FIND_CODE_BLOCK = "SELECT id FROM code_blocks WHERE digest = ?";
    private static final String INSERT_CODE_BLOCK = """
            INSERT INTO code_blocks (agent_name, session_id, timestamp, language, content, line_start, line_end,
                context_json, parseable, digest)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            RETURNING id""";
    private static final String INSERT_OCCURRENCE = """
            INSERT INTO code_block_occurrences (code_block_id, agent_name, session_id, timestamp, line_start,
                line_end, terminated)
            VALUES (?, ?, ?, ?, ?, ?, ?)""";
    private static final String INSERT_CHUNK = """
            INSERT INTO output_chunks (session_id, first_line, last_line, first_at, last_at, line_count, line_meta,
                text, raw)
            VALUES (?, ?, ?, ?, ?, ?, ?, CAST(? AS TEXT), ?)""";
    private static final String ADD_REDACTIONS = """
            INSERT INTO metric_counters (metric, agent_name, label, risk_level, value)
            SELECT 'redactions', agent_name, ?, '', ? FROM process_sessions WHERE session_id = ?
            ON CONFLICT DO UPDATE SET value = value + excluded.value""";
    private static final String ADD_DROPPED = """
            UPDATE process_sessions SET dropped_lines = dropped_lines + ? WHERE session_id = ?""";
    private static final String ADD_TOTALS = """
            UPDATE process_sessions
            SET total_lines_processed = total_lines_processed + ?, stdout_lines = stdout_lines + ?,
                stderr_lines = stderr_lines + ?, output_bytes = output_bytes + ?,
                total_extraction_events = total_extraction_events + ?, total_code_blocks = total_code_blocks + ?
            WHERE session_id = ?""";

    private static final String ADD_MINUTE = """
            INSERT INTO extraction_minutes (minute, agent_name, event_type, pattern, risk_level, count)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT DO UPDATE SET count = count + excluded.count""";

    private final SqlConnection connection;
    private int pendingExtractions;

    WriteStatements(SqlConnection connection) {
        this.connection = connection;
    }

    void insertSession(NewSession s) throws SQLException {
        PreparedStatement ps = connection.prepare(INSERT_SESSION);
        ps.setString(1, s.sessionId());
        ps.setString(2, s.agentName());
        ps.setString(3, s.commandLine());
        ps.setString(4, s.workingDirectory());
        ps.setString(5, s.host());
        setLong(ps, 6, s.pid());
        setLong(ps, 7, s.recorderPid());
        setMicros(ps, 8, s.recorderStartedAt());
        ps.setString(9, s.environmentJson());
        setMicros(ps, 10, s.startedAt());
        ps.setString(11, s.extractionConfigVersion());
        ps.setString(12, s.environmentConfigVersion());
        ps.executeUpdate();
    }

    void updateSession(SessionUpdate u) throws SQLException {
        PreparedStatement ps = connection.prepare(UPDATE_SESSION);
        setLong(ps, 1, u.pid());
        ps.setString(2, u.environmentJson());
        ps.setString(3, u.stdoutLogPath());
        ps.setString(4, u.stderrLogPath());
        ps.setString(5, u.sessionId());
        requireSession(ps.executeUpdate(), "update", u.sessionId());
    }

    /**
     * Ends a session. An {@code interrupted} end, which another process decides from outside (its
     * recorder looked gone), is dropped when the session is no longer running by the time it is
     * committed: the recorder, finishing just then, has ended it itself, and its end stands.
     */
    void endSession(SessionEnd e) throws SQLException {
        boolean interrupted = e.status() == SessionStatus.INTERRUPTED;
        PreparedStatement ps = connection.prepare(interrupted ? END_INTERRUPTED : END_SESSION);
        ps.setString(1, e.status().wireName());
        setInt(ps, 2, e.exitCode());
        setMicros(ps, 3, e.endedAt());
        ps.setLong(4, e.droppedLines());
        ps.setString(5, e.sessionId());
        int updated = ps.executeUpdate();
        if (interrupted && updated == 0) {
            return;
        }
        requireSession(updated, "end", e.sessionId());
        insertStateChange(new StateChange(0, e.sessionId(), e.endedAt(), e.status().wireName(), e.exitCode(),
                e.metadataJson()));
    }

    void addRedactions(RedactionCounts r) throws SQLException {
        PreparedStatement ps = connection.prepare(ADD_REDACTIONS);
        for (java.util.Map.Entry<String, Long> kind : r.byKind().entrySet()) {
            ps.setString(1, kind.getKey());
            ps.setLong(2, kind.getValue());
            ps.setString(3, r.sessionId());
            ps.addBatch();
        }
        ps.executeBatch();
    }

    void addDropped(DroppedLines d) throws SQLException {
        PreparedStatement ps = connection.prepare(ADD_DROPPED);
        ps.setLong(1, d.count());
        ps.setString(2, d.sessionId());
        requireSession(ps.executeUpdate(), "count dropped lines of", d.sessionId());
    }

    void insertStateChange(StateChange c) throws SQLException {
        PreparedStatement ps = connection.prepare(INSERT_STATE_CHANGE);
        ps.setString(1, c.sessionId());
        setMicros(ps, 2, c.timestamp());
        ps.setString(3, c.state());
        setInt(ps, 4, c.exitCode());
        ps.setString(5, c.metadataJson());
        ps.executeUpdate();
    }

    void insertExtraction(Extraction x) throws SQLException {
        bindExtraction(connection.prepare(INSERT_EXTRACTION), x).executeUpdate();
    }

    /**
     * Adds an event to the pending batch, run by {@link #executeExtractions()}: sqlite-jdbc runs a
     * whole batch in one native call, which halves the cost of each event.
     */
    void addExtraction(Extraction x) throws SQLException {
        PreparedStatement ps = connection.prepare(INSERT_EXTRACTION);
        bindExtraction(ps, x).addBatch();
        pendingExtractions++;
    }

    void executeExtractions() throws SQLException {
        if (pendingExtractions > 0) {
            pendingExtractions = 0;
            connection.prepare(INSERT_EXTRACTION).executeBatch();
        }
    }

    /** Forgets a pending batch after a failed transaction. */
    void clearExtractions() throws SQLException {
        if (pendingExtractions > 0) {
            pendingExtractions = 0;
            connection.prepare(INSERT_EXTRACTION).clearBatch();
        }
    }

    private static PreparedStatement bindExtraction(PreparedStatement ps, Extraction x) throws SQLException {
        ps.setString(1, x.agentName());
        ps.setString(2, x.sessionId());
        setMicros(ps, 3, x.timestamp());
        ps.setString(4, x.eventType());
        ps.setString(5, x.pattern());
        ps.setString(6, x.matchedValue());
        ps.setString(7, x.originalLine());
        setLong(ps, 8, x.lineNumber());
        ps.setString(9, x.metadataJson());
        ps.setString(10, x.codeBlockLanguage());
        ps.setString(11, x.riskLevel() == null ? null : x.riskLevel().wireName());
        ps.setInt(12, x.autoConfirmable() ? 1 : 0);
        return ps;
    }

    /** Stores the content once per digest and this sighting as an occurrence. */
    void saveCodeBlock(CodeBlock b) throws SQLException {
        String digest = b.digest();
        long blockId = findCodeBlock(digest);
        if (blockId == 0) {
            PreparedStatement ps = connection.prepare(INSERT_CODE_BLOCK);
            ps.setString(1, b.agentName());
            ps.setString(2, b.sessionId());
            setMicros(ps, 3, b.timestamp());
            ps.setString(4, b.language());
            ps.setString(5, b.content());
            ps.setLong(6, b.lineStart());
            ps.setLong(7, b.lineEnd());
            ps.setString(8, b.contextJson());
            setInt(ps, 9, b.parseable() == null ? null : b.parseable() ? 1 : 0);
            ps.setString(10, digest);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                blockId = rs.getLong(1);
            }
        }
        PreparedStatement ps = connection.prepare(INSERT_OCCURRENCE);
        ps.setLong(1, blockId);
        ps.setString(2, b.agentName());
        ps.setString(3, b.sessionId());
        setMicros(ps, 4, b.timestamp());
        ps.setLong(5, b.lineStart());
        ps.setLong(6, b.lineEnd());
        ps.setInt(7, b.terminated() ? 1 : 0);
        ps.executeUpdate();
    }

    void insertChunk(String sessionId, LineChunks.Encoded chunk) throws SQLException {
        PreparedStatement ps = connection.prepare(INSERT_CHUNK);
        ps.setString(1, sessionId);
        ps.setLong(2, chunk.firstLine());
        ps.setLong(3, chunk.lastLine());
        ps.setLong(4, chunk.firstAt());
        ps.setLong(5, chunk.lastAt());
        ps.setInt(6, chunk.lineCount());
        ps.setBytes(7, chunk.meta());
        ps.setBytes(8, chunk.text());
        ps.setBytes(9, chunk.raw());
        ps.executeUpdate();
    }

    void addTotals(String sessionId, SessionCounts counts) throws SQLException {
        PreparedStatement ps = connection.prepare(ADD_TOTALS);
        ps.setLong(1, counts.stdoutLines + counts.stderrLines);
        ps.setLong(2, counts.stdoutLines);
        ps.setLong(3, counts.stderrLines);
        ps.setLong(4, counts.outputBytes);
        ps.setLong(5, counts.extractions);
        ps.setLong(6, counts.codeBlocks);
        ps.setString(7, sessionId);
        ps.executeUpdate();
    }

    /** Adds the events of a batch to the per-minute counts; one statement per distinct key. */
    void addMinutes(Map<MinuteKey, Long> counts) throws SQLException {
        if (counts.isEmpty()) {
            return;
        }
        PreparedStatement ps = connection.prepare(ADD_MINUTE);
        for (Map.Entry<MinuteKey, Long> entry : counts.entrySet()) {
            MinuteKey key = entry.getKey();
            ps.setLong(1, key.minute());
            ps.setString(2, key.agentName());
            ps.setString(3, key.eventType());
            ps.setString(4, key.pattern());
            ps.setString(5, key.riskLevel());
            ps.setLong(6, entry.getValue());
            ps.addBatch();
        }
        ps.executeBatch();
    }

    private long findCodeBlock(String digest) throws SQLException {
        PreparedStatement ps = connection.prepare(FIND_CODE_BLOCK);
        ps.setString(1, digest);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static void requireSession(int updated, String what, String sessionId) throws SQLException {
        if (updated == 0) {
            throw new SQLException(what + " session '" + sessionId + "': no such session");
        }
    }

    private static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setLong(index, value);
        }
    }

    private static void setInt(PreparedStatement ps, int index, Integer value) throws SQLException {
        setLong(ps, index, value == null ? null : value.longValue());
    }

    private static void setMicros(PreparedStatement ps, int index, Instant value) throws SQLException {
        setLong(ps, index, value == null ? null : Micros.of(value));
    }

    /** The key of an {@code extraction_minutes} row. */
    record MinuteKey(long minute, String agentName, String eventType, String pattern, String riskLevel) {
        static MinuteKey of(Extraction x) {
            return new MinuteKey(Math.floorDiv(Micros.of(x.timestamp()), Micros.PER_MINUTE), x.agentName(), x.eventType(),
                    x.pattern(), x.riskLevel() == null ? "" : x.riskLevel().wireName());
        }

        // Written out: a record's own equals and hashCode go through method handles, which the
        // quick JIT does not inline, and every event of a batch is counted through this key.
        @Override
        public boolean equals(Object other) {
            return other instanceof MinuteKey k && minute == k.minute && agentName.equals(k.agentName)
                    && eventType.equals(k.eventType) && pattern.equals(k.pattern) && riskLevel.equals(k.riskLevel);
        }

        @Override
        public int hashCode() {
            int hash = Long.hashCode(minute);
            hash = 31 * hash + agentName.hashCode();
            hash = 31 * hash + eventType.hashCode();
            hash = 31 * hash + pattern.hashCode();
            return 31 * hash + riskLevel.hashCode();
        }
    }

    /** What a batch added to one session, added to its totals at the end of the transaction. */
    static final class SessionCounts {
        long stdoutLines;
        long stderrLines;
        long outputBytes;
        long extractions;
        long codeBlocks;
    }
}
