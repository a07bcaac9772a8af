package dev.tapedeck.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Fills the full-text indexes ({@code output_search}, {@code extraction_search}) from the rows the
 * recorders wrote, in small transactions, so that recording never pays for full-text indexing. The
 * daemon runs one; {@code search_progress} records how far it got, so a restart continues where
 * the last one stopped and two daemons on one file never index a row twice.
 *
 * <p>It has its own write connection, used only by the thread that calls {@link #indexSome}.
 */
public final class SearchIndexer implements AutoCloseable {
    private static final String PROGRESS = "SELECT indexed_through FROM search_progress WHERE source = ?";
    private static final String SET_PROGRESS = "UPDATE search_progress SET indexed_through = ? WHERE source = ?";
    private static final String LAST_CHUNK = """
            SELECT max(id) FROM (SELECT id FROM output_chunks WHERE id > ? ORDER BY id LIMIT ?)""";
    private static final String INDEX_CHUNKS = """
            INSERT INTO output_search (rowid, text) SELECT id, text FROM output_chunks WHERE id > ? AND id <= ?""";
    private static final String LAST_EVENT = """
            SELECT max(id) FROM (SELECT id FROM extraction_events WHERE id > ? ORDER BY id LIMIT ?)""";
    private static final String INDEX_EVENTS = """
            INSERT INTO extraction_search (rowid, matched_value)
            SELECT id, matched_value FROM extraction_events WHERE id > ? AND id <= ? AND matched_value IS NOT NULL""";
    private static final String CHUNKS = "output_chunks";
    private static final String EVENTS = "extraction_events";

    private final SqlConnection connection;
    private final String location;
    private final AtomicBoolean closed = new AtomicBoolean();

    SearchIndexer(SqlConnection connection, String location) {
        this.connection = connection;
        this.location = location;
    }

    /**
     * Indexes up to maxChunks chunks and maxEvents extraction events not indexed yet, in one
     * transaction; returns how many row ids it went past (0 when the indexes are up to date).
     */
    public int indexSome(int maxChunks, int maxEvents) {
        int[] indexed = new int[1];
        try {
            Transactions.immediate(connection.jdbc(), () -> {
                indexed[0] = indexRange(CHUNKS, LAST_CHUNK, INDEX_CHUNKS, maxChunks)
                        + indexRange(EVENTS, LAST_EVENT, INDEX_EVENTS, maxEvents);
            });
        } catch (SQLException e) {
            throw new StoreException("index up to " + maxChunks + " chunks and " + maxEvents + " events of "
                    + location + " for search failed: " + SqlMessages.of(e), e);
        }
        return indexed[0];
    }

    private int indexRange(String source, String lastSql, String indexSql, int max) throws SQLException {
        long from = progress(source);
        PreparedStatement last = connection.prepare(lastSql);
        last.setLong(1, from);
        last.setInt(2, max);
        long through;
        try (ResultSet rs = last.executeQuery()) {
            rs.next();
            through = rs.getLong(1);
            if (rs.wasNull()) {
                return 0;
            }
        }
        PreparedStatement index = connection.prepare(indexSql);
        index.setLong(1, from);
        index.setLong(2, through);
        index.executeUpdate();
        PreparedStatement progress = connection.prepare(SET_PROGRESS);
        progress.setLong(1, through);
        progress.setString(2, source);
        progress.executeUpdate();
        return (int) Math.min(max, through - from);
    }

    private long progress(String source) throws SQLException {
        return indexedThrough(connection, source);
    }

    /**
     * The last row id of source (output_chunks or extraction_events) in the full-text index; rows
     * above it are not indexed yet. Read inside the caller's write transaction, it cannot move.
     */
    static long indexedThrough(SqlConnection connection, String source) throws SQLException {
        PreparedStatement ps = connection.prepare(PROGRESS);
        ps.setString(1, source);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    @Override
    public void close() {
        if (!closed.getAndSet(true)) {
            connection.closeQuietly();
        }
    }
}
