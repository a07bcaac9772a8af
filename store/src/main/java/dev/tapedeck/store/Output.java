package dev.tapedeck.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a session's recorded output, by line number or by time. Lines are numbered in the order they
 * were read, so line order is time order; replay reads from the first line at or after a time.
 */
public final class Output {
    private static final int CHUNKS_PER_READ = 8;
    private static final String CHUNKS_FROM_LINE = """
            SELECT first_line, first_at, line_meta, text, raw FROM output_chunks
            WHERE session_id = ? AND last_line >= ? ORDER BY first_line LIMIT ?""";
    private static final String FIRST_LINE_AT = """
            SELECT first_line, first_at, line_meta, text, raw FROM output_chunks
            WHERE session_id = ? AND last_at >= ? ORDER BY last_at, first_line LIMIT 1""";

    private static final String CHUNKS_AFTER = """
            SELECT first_line, first_at, line_meta, text, raw, id, session_id FROM output_chunks
            WHERE id > ? ORDER BY id LIMIT ?""";
    private static final String LATEST_IDS = """
            SELECT (SELECT coalesce(max(id), 0) FROM output_chunks),
                (SELECT coalesce(max(id), 0) FROM extraction_events),
                (SELECT coalesce(max(id), 0) FROM process_state_changes),
                (SELECT coalesce(max(id), 0) FROM code_block_occurrences)""";

    // line_meta comes before text and raw in the row, so SQLite reads no more of a chunk than it.
    private static final String LINE_TIMES = """
            SELECT first_line, first_at, line_meta FROM output_chunks WHERE session_id = ? ORDER BY first_line""";

    private static final String LAST_AT = """
            SELECT max(last_at) FROM output_chunks WHERE session_id = ?""";
    private static final String LAST_LINE = """
            SELECT coalesce(max(last_line), 0) FROM output_chunks WHERE session_id = ?""";
    // Newest first, on the unique index of (session_id, first_line); read only as far as needed.
    private static final String LINE_RANGES_FROM_END = """
            SELECT first_line, last_line FROM output_chunks WHERE session_id = ? ORDER BY first_line DESC""";
    private static final String IDS_BEFORE = """
            SELECT (SELECT coalesce(max(id), 0) FROM extraction_events WHERE session_id = ?1 AND timestamp < ?2),
                (SELECT coalesce(max(id), 0) FROM process_state_changes WHERE session_id = ?1 AND timestamp < ?2),
                (SELECT coalesce(max(id), 0) FROM code_block_occurrences WHERE session_id = ?1 AND timestamp < ?2)""";

    private final ReadPool reads;

    Output(ReadPool reads) {
        this.reads = reads;
    }

    /**
     * Up to limit lines of the session from line number fromLine on, in order; only lines of stream
     * when it is not {@code null}.
     */
    public List<OutputLine> listLines(String sessionId, long fromLine, int limit, Stream stream) {
        requireLimit(limit);
        return reads.read("read lines of session '" + sessionId + "' from line " + fromLine, c -> {
            List<OutputLine> lines = new ArrayList<>(Math.min(limit, 1024));
            PreparedStatement ps = c.prepare(CHUNKS_FROM_LINE);
            long next = Math.max(1, fromLine);
            while (lines.size() < limit) {
                ps.setString(1, sessionId);
                ps.setLong(2, next);
                ps.setInt(3, CHUNKS_PER_READ);
                int chunks = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        chunks++;
                        for (OutputLine line : decode(sessionId, rs)) {
                            if (line.number() >= next && (stream == null || line.stream() == stream)
                                    && lines.size() < limit) {
                                lines.add(line);
                            }
                            next = Math.max(next, line.number() + 1);
                        }
                    }
                }
                if (chunks < CHUNKS_PER_READ) {
                    break;
                }
            }
            return lines;
        });
    }

    /** Up to limit lines of the session whose timestamp is at or after from, in time order. */
    public List<OutputLine> listLinesByTime(String sessionId, Instant from, int limit) {
        requireLimit(limit);
        long fromMicros = Micros.of(from);
        long firstLine = reads.read("find line of session '" + sessionId + "' at " + from, c -> {
            PreparedStatement ps = c.prepare(FIRST_LINE_AT);
            ps.setString(1, sessionId);
            ps.setLong(2, fromMicros);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return -1L;
                }
                return decode(sessionId, rs).stream().filter(l -> Micros.of(l.timestamp()) >= fromMicros)
                        .mapToLong(OutputLine::number).findFirst().orElse(-1L);
            }
        });
        return firstLine < 0 ? List.of() : listLines(sessionId, firstLine, limit, null);
    }

    /** Up to maxChunks chunks (of any session) with an id above afterId, in commit order. */
    public List<OutputChunk> listChunksAfter(long afterId, int maxChunks) {
        return reads.read("read output chunks after id " + afterId, c -> {
            PreparedStatement ps = c.prepare(CHUNKS_AFTER);
            ps.setLong(1, afterId);
            ps.setInt(2, maxChunks);
            List<OutputChunk> chunks = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String sessionId = rs.getString(7);
                    chunks.add(new OutputChunk(rs.getLong(6), sessionId, decode(sessionId, rs)));
                }
            }
            return chunks;
        });
    }

    /** Where the session stood just before time at: every line and row earlier than it. */
    public SessionPosition positionBefore(String sessionId, Instant at) {
        List<OutputLine> first = listLinesByTime(sessionId, at, 1);
        long line = first.isEmpty() ? lastLine(sessionId) : first.get(0).number() - 1;
        return positionAt(sessionId, line, at);
    }

    /** Where the session stood just before line number (and whatever came before its time). */
    public SessionPosition positionBeforeLine(String sessionId, long number) {
        List<OutputLine> line = listLines(sessionId, number, 1, null);
        if (line.isEmpty()) {
            return positionAt(sessionId, lastLine(sessionId), Instant.ofEpochSecond(Long.MAX_VALUE / 2_000_000));
        }
        return positionAt(sessionId, line.get(0).number() - 1, line.get(0).timestamp());
    }

    private SessionPosition positionAt(String sessionId, long line, Instant at) {
        return reads.read("find position of session '" + sessionId + "' at " + at, c -> {
            PreparedStatement ps = c.prepare(IDS_BEFORE);
            ps.setString(1, sessionId);
            ps.setLong(2, Micros.of(at));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new SessionPosition(line, rs.getLong(1), rs.getLong(2), rs.getLong(3));
            }
        });
    }

    /**
     * The number of the first of the session's last count lines, to read them from with
     * {@link #listLines}: its first line when it has fewer, and the number after its last line when
     * count is 0 (1 when it has none). Line numbers may have gaps (lines the recorder lost), so the
     * lines are counted, not the numbers; a chunk holds consecutive lines.
     */
    public long findFirstOfLastLines(String sessionId, long count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be at least 0, got " + count);
        }
        return reads.read("find the last " + count + " lines of session '" + sessionId + "'", c -> {
            PreparedStatement ps = c.prepare(LINE_RANGES_FROM_END);
            ps.setString(1, sessionId);
            long first = 1;
            long remaining = count;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long from = rs.getLong(1);
                    long to = rs.getLong(2);
                    if (remaining <= to - from + 1) {
                        return to - remaining + 1;
                    }
                    remaining -= to - from + 1;
                    first = from;
                }
            }
            return first;
        });
    }

    /** Called with each line's number and time (microseconds since the epoch), in line order. */
    @FunctionalInterface
    public interface LineTimeVisitor {
        void visit(long line, long micros);
    }

    /**
     * Calls visitor with the number and time of every line of the session, in order, decoding only
     * the chunks' {@code line_meta} (not their text or raw bytes): what a player needs to plan a
     * long session's windows and its idle gaps (about 10 ms per 100,000 lines).
     */
    public void forEachLineTime(String sessionId, LineTimeVisitor visitor) {
        reads.read("read line times of session '" + sessionId + "'", c -> {
            PreparedStatement ps = c.prepare(LINE_TIMES);
            ps.setString(1, sessionId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    LineChunks.decodeTimes(rs.getLong(1), rs.getLong(2), rs.getBytes(3), visitor);
                }
            }
            return null;
        });
    }

    /** When the session's last recorded line was read; empty when it has none. */
    public Optional<Instant> findLastOutputTime(String sessionId) {
        return reads.read("find last output time of session '" + sessionId + "'", c -> {
            PreparedStatement ps = c.prepare(LAST_AT);
            ps.setString(1, sessionId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Long micros = Rows.getLong(rs, 1);
                return Optional.ofNullable(micros == null ? null : Micros.toInstant(micros));
            }
        });
    }

    private long lastLine(String sessionId) {
        return reads.read("find last line of session '" + sessionId + "'", c -> {
            PreparedStatement ps = c.prepare(LAST_LINE);
            ps.setString(1, sessionId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** The highest id of every table live streams follow. */
    public RowIds latestIds() {
        return reads.read("read latest row ids", c -> {
            try (ResultSet rs = c.prepare(LATEST_IDS).executeQuery()) {
                rs.next();
                return new RowIds(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4));
            }
        });
    }

    private static List<OutputLine> decode(String sessionId, ResultSet rs) throws java.sql.SQLException {
        return LineChunks.decode(sessionId, rs.getLong(1), rs.getLong(2), rs.getBytes(3), rs.getString(4),
                rs.getBytes(5));
    }

    private static void requireLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
    }
}
