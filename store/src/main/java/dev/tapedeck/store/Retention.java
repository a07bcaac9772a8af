package dev.tapedeck.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Deletes ended sessions and everything they own, a small batch per transaction so that recorders
 * never wait long for the write lock. Each batch keeps the derived tables right in the same
 * transaction: rows already in the full-text indexes are removed from them (FTS5's 'delete' with the
 * old text), and the per-minute rollup is decremented (the hourly one follows by trigger). The
 * metric counters are left alone: they count what happened, not what is kept.
 *
 * <p>It has its own write connection, used only by the thread that calls it.
 */
public final class Retention implements AutoCloseable {
    private static final String EXPIRED = """
            SELECT session_id FROM process_sessions WHERE status <> 'running' AND ended_at < ?
            ORDER BY ended_at, id LIMIT ?""";
    private static final String OLDEST = """
            SELECT session_id FROM process_sessions WHERE status <> 'running' ORDER BY ended_at, id LIMIT ?""";
    private static final String CHUNKS = "SELECT id, text FROM output_chunks WHERE session_id = ? ORDER BY id LIMIT ?";
    private static final String UNINDEX_CHUNK = """
            INSERT INTO output_search (output_search, rowid, text) VALUES ('delete', ?, ?)""";
    private static final String DELETE_CHUNK = "DELETE FROM output_chunks WHERE id = ?";
    private static final String EVENTS = """
            SELECT id, matched_value, timestamp / 60000000, agent_name, event_type, pattern, coalesce(risk_level, '')
            FROM extraction_events WHERE session_id = ? ORDER BY id LIMIT ?""";
    private static final String UNINDEX_EVENT = """
            INSERT INTO extraction_search (extraction_search, rowid, matched_value) VALUES ('delete', ?, ?)""";
    private static final String DELETE_EVENT = "DELETE FROM extraction_events WHERE id = ?";
    private static final String DECREMENT_MINUTE = """
            UPDATE extraction_minutes SET count = count - ?
            WHERE minute = ? AND agent_name = ? AND event_type = ? AND pattern = ? AND risk_level = ?""";
    private static final String DELETE_EMPTY_MINUTE = """
            DELETE FROM extraction_minutes
            WHERE minute = ? AND agent_name = ? AND event_type = ? AND pattern = ? AND risk_level = ? AND count <= 0""";
    private static final String OCCURRENCES = """
            SELECT id, code_block_id FROM code_block_occurrences WHERE session_id = ? ORDER BY id LIMIT ?""";
    private static final String DELETE_OCCURRENCE = "DELETE FROM code_block_occurrences WHERE id = ?";
    private static final String DELETE_UNSEEN_BLOCK = """
            DELETE FROM code_blocks WHERE id = ?
            AND NOT EXISTS (SELECT 1 FROM code_block_occurrences WHERE code_block_id = ?)""";
    private static final String DELETE_STATES = "DELETE FROM process_state_changes WHERE session_id = ?";
    private static final String DELETE_SESSION = "DELETE FROM process_sessions WHERE session_id = ?";

    private record MinuteKey(long minute, String agent, String type, String pattern, String risk) {
    }

    private final SqlConnection connection;
    private final String location;
    private final AtomicBoolean closed = new AtomicBoolean();

    Retention(SqlConnection connection, String location) {
        this.connection = connection;
        this.location = location;
    }

    /** Ended sessions that ended before the time, oldest first. */
    public List<String> listEndedBefore(Instant before, int limit) {
        return ids(EXPIRED, Micros.of(before), limit);
    }

    /** The ended sessions that ended first. */
    public List<String> listOldestEnded(int limit) {
        return ids(OLDEST, null, limit);
    }

    private List<String> ids(String sql, Long micros, int limit) {
        try {
            PreparedStatement ps = connection.prepare(sql);
            int i = 1;
            if (micros != null) {
                ps.setLong(i++, micros);
            }
            ps.setInt(i, limit);
            List<String> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        } catch (SQLException e) {
            throw new StoreException("list sessions to delete from " + location + " failed: " + SqlMessages.of(e), e);
        }
    }

    /** The bytes the database's pages hold (the file less its free pages; the WAL not included). */
    public long usedBytes() {
        try {
            return DiskUse.usedBytes(connection.jdbc());
        } catch (SQLException e) {
            throw new StoreException("measure " + location + " failed: " + SqlMessages.of(e), e);
        }
    }

    /**
     * Deletes up to maxRows rows of the session in one transaction: its output first, then its
     * events, its code block sightings, and last the session itself. Returns true once the session
     * is gone.
     */
    public boolean deleteSome(String sessionId, int maxRows) {
        boolean[] gone = new boolean[1];
        try {
            Transactions.immediate(connection.jdbc(), () -> gone[0] = deleteStep(sessionId, maxRows));
        } catch (SQLException e) {
            throw new StoreException("delete up to " + maxRows + " rows of session '" + sessionId + "' from "
                    + location + " failed: " + SqlMessages.of(e), e);
        }
        return gone[0];
    }

    private boolean deleteStep(String sessionId, int maxRows) throws SQLException {
        if (deleteChunks(sessionId, maxRows) > 0 || deleteEvents(sessionId, maxRows) > 0
                || deleteOccurrences(sessionId, maxRows) > 0) {
            return false;
        }
        PreparedStatement states = connection.prepare(DELETE_STATES);
        states.setString(1, sessionId);
        states.executeUpdate();
        PreparedStatement session = connection.prepare(DELETE_SESSION);
        session.setString(1, sessionId);
        session.executeUpdate();
        return true;
    }

    private int deleteChunks(String sessionId, int maxRows) throws SQLException {
        long indexed = SearchIndexer.indexedThrough(connection, "output_chunks");
        PreparedStatement select = connection.prepare(CHUNKS);
        select.setString(1, sessionId);
        select.setInt(2, Math.max(1, maxRows / 50));
        int deleted = 0;
        try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                long id = rs.getLong(1);
                if (id <= indexed) {
                    PreparedStatement unindex = connection.prepare(UNINDEX_CHUNK);
                    unindex.setLong(1, id);
                    unindex.setString(2, rs.getString(2));
                    unindex.executeUpdate();
                }
                deleteById(DELETE_CHUNK, id);
                deleted++;
            }
        }
        return deleted;
    }

    private int deleteEvents(String sessionId, int maxRows) throws SQLException {
        long indexed = SearchIndexer.indexedThrough(connection, "extraction_events");
        PreparedStatement select = connection.prepare(EVENTS);
        select.setString(1, sessionId);
        select.setInt(2, maxRows);
        Map<MinuteKey, Long> minutes = new HashMap<>();
        int deleted = 0;
        try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                long id = rs.getLong(1);
                String value = rs.getString(2);
                if (id <= indexed && value != null) {
                    PreparedStatement unindex = connection.prepare(UNINDEX_EVENT);
                    unindex.setLong(1, id);
                    unindex.setString(2, value);
                    unindex.executeUpdate();
                }
                minutes.merge(new MinuteKey(rs.getLong(3), rs.getString(4), rs.getString(5), rs.getString(6),
                        rs.getString(7)), 1L, Long::sum);
                deleteById(DELETE_EVENT, id);
                deleted++;
            }
        }
        PreparedStatement decrement = connection.prepare(DECREMENT_MINUTE);
        PreparedStatement empty = connection.prepare(DELETE_EMPTY_MINUTE);
        for (Map.Entry<MinuteKey, Long> e : minutes.entrySet()) {
            decrement.setLong(1, e.getValue());
            bindKey(decrement, 2, e.getKey());
            decrement.executeUpdate();
            bindKey(empty, 1, e.getKey());
            empty.executeUpdate();
        }
        return deleted;
    }

    private static void bindKey(PreparedStatement ps, int first, MinuteKey k) throws SQLException {
        ps.setLong(first, k.minute());
        ps.setString(first + 1, k.agent());
        ps.setString(first + 2, k.type());
        ps.setString(first + 3, k.pattern());
        ps.setString(first + 4, k.risk());
    }

    private int deleteOccurrences(String sessionId, int maxRows) throws SQLException {
        PreparedStatement select = connection.prepare(OCCURRENCES);
        select.setString(1, sessionId);
        select.setInt(2, maxRows);
        Set<Long> blocks = new LinkedHashSet<>();
        int deleted = 0;
        try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                deleteById(DELETE_OCCURRENCE, rs.getLong(1));
                blocks.add(rs.getLong(2));
                deleted++;
            }
        }
        PreparedStatement unseen = connection.prepare(DELETE_UNSEEN_BLOCK);
        for (long block : blocks) {
            unseen.setLong(1, block);
            unseen.setLong(2, block);
            unseen.executeUpdate();
        }
        return deleted;
    }

    private void deleteById(String sql, long id) throws SQLException {
        PreparedStatement ps = connection.prepare(sql);
        ps.setLong(1, id);
        ps.executeUpdate();
    }

    @Override
    public void close() {
        if (!closed.getAndSet(true)) {
            connection.closeQuietly();
        }
    }
}
