package dev.tapedeck.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Full-text search over recorded lines and extraction values, newest first. The index holds whole
 * chunks, so a chunk hit is decoded and only the lines holding every word are kept; how much output
 * one search reads is bounded ({@value #MAX_CHUNKS_READ} chunks, {@value #MAX_LINES_READ} lines: a
 * chunk of a fast producer holds thousands), so a word found in millions of chunks costs the same as
 * a rare one, and a search that stops at the bound says so ({@link SearchResult#cutShort}).
 * Rows the {@link SearchIndexer} has not reached yet are not found.
 */
public final class Search {
    private static final int CHUNKS_PER_READ = 50;
    private static final int MAX_CHUNKS_READ = 500;
    private static final long MAX_LINES_READ = 250_000;
    private static final String LINES = """
            SELECT c.first_line, c.first_at, c.line_meta, c.text, c.raw, c.id, c.session_id, p.agent_name,
                c.line_count
            FROM output_search s JOIN output_chunks c ON c.id = s.rowid
                JOIN process_sessions p ON p.session_id = c.session_id
            WHERE output_search MATCH ? AND s.rowid < ?""";
    private static final String EVENTS = """
            SELECT e.id, e.agent_name, e.session_id, e.timestamp, e.event_type, e.pattern, e.matched_value,
                e.line_number
            FROM extraction_search s JOIN extraction_events e ON e.id = s.rowid
            WHERE extraction_search MATCH ?""";
    private static final String ORDER = " ORDER BY s.rowid DESC LIMIT ?";
    private static final String PENDING = """
            SELECT (SELECT coalesce(max(id), 0) FROM output_chunks)
                - (SELECT indexed_through FROM search_progress WHERE source = 'output_chunks'),
                (SELECT coalesce(max(id), 0) FROM extraction_events)
                - (SELECT indexed_through FROM search_progress WHERE source = 'extraction_events')""";

    /**
     * Newest first; lines read in one go share a timestamp, so ties go by line number (higher
     * first), then a line before the event read from it: the same hits always print in one order.
     */
    private static final Comparator<SearchHit> NEWEST_FIRST = Comparator.comparing(SearchHit::timestamp)
            .thenComparing(SearchHit::lineNumber, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(h -> h.kind().equals("line")).reversed();

    private final ReadPool reads;

    Search(ReadPool reads) {
        this.reads = reads;
    }

    /** Up to limit hits, newest first, that the filter keeps. */
    public SearchResult search(SearchQuery query, SearchFilter filter, int limit) {
        return reads.read("search for '" + query.text() + "'", c -> {
            boolean[] cutShort = new boolean[1];
            List<SearchHit> hits = new ArrayList<>(searchLines(c, query, filter, limit, cutShort));
            hits.addAll(searchEvents(c, query, filter, limit));
            hits.sort(NEWEST_FIRST);
            return new SearchResult(hits.size() > limit ? hits.subList(0, limit) : hits, cutShort[0]);
        });
    }

    /** Roughly how many chunks and extraction events wait to be indexed (row ids, not rows). */
    public long[] pending() {
        return reads.read("read search index progress", c -> {
            try (ResultSet rs = c.prepare(PENDING).executeQuery()) {
                rs.next();
                return new long[] {Math.max(0, rs.getLong(1)), Math.max(0, rs.getLong(2))};
            }
        });
    }

    private static List<SearchHit> searchLines(SqlConnection c, SearchQuery query, SearchFilter filter, int limit,
                                               boolean[] cutShort) throws SQLException {
        // A chunk is kept when its lines' time span meets [since, until); its lines are checked one by one.
        Where where = new Where().andIf(filter.sessionId(), "c.session_id = ?")
                .andIf(filter.agentName(), "p.agent_name = ?")
                .andIf(micros(filter.since()), "c.last_at >= ?")
                .andIf(micros(filter.until()), "c.first_at < ?");
        PreparedStatement ps = c.prepare(LINES + where.andSql() + ORDER);
        List<SearchHit> hits = new ArrayList<>();
        long before = Long.MAX_VALUE;
        int read = 0;
        long linesRead = 0;
        while (hits.size() < limit) {
            if (read >= MAX_CHUNKS_READ || linesRead >= MAX_LINES_READ) {
                cutShort[0] = true;
                break;
            }
            ps.setString(1, query.ftsQuery());
            ps.setLong(2, before);
            int next = where.bindFrom(ps, 3);
            ps.setInt(next, CHUNKS_PER_READ);
            int chunks = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (hits.size() < limit && linesRead < MAX_LINES_READ && rs.next()) {
                    chunks++;
                    before = rs.getLong(6);
                    linesRead += rs.getLong(9);
                    addLineHits(hits, query, filter, rs, limit);
                }
            }
            read += chunks;
            if (chunks < CHUNKS_PER_READ && linesRead < MAX_LINES_READ && hits.size() < limit) {
                break;
            }
        }
        return hits;
    }

    private static void addLineHits(List<SearchHit> hits, SearchQuery query, SearchFilter filter, ResultSet rs,
                                    int limit) throws SQLException {
        String text = rs.getString(4);
        if (!anyLineHoldsAll(query, text, rs.getLong(9))) {
            return;
        }
        String sessionId = rs.getString(7);
        String agentName = rs.getString(8);
        List<OutputLine> lines = LineChunks.decode(sessionId, rs.getLong(1), rs.getLong(2), rs.getBytes(3),
                text, rs.getBytes(5));
        for (int i = lines.size() - 1; i >= 0 && hits.size() < limit; i--) {
            OutputLine line = lines.get(i);
            if (!filter.keeps(line.timestamp())) {
                continue;
            }
            List<int[]> ranges = query.match(line.text());
            if (!ranges.isEmpty()) {
                hits.add(new SearchHit("line", sessionId, agentName, line.number(), line.timestamp(), line.text(),
                        ranges, line.stream(), null, null, null));
            }
        }
    }

    /**
     * Whether some line of a chunk's text (its lines joined by \n) holds every word, checked before
     * the chunk is decoded: words common enough to share most chunks but rarely a line leave most
     * chunks the index gives without a hit. A chunk whose text does not split into its line count
     * (a line holding \n, written by another program) is decoded whatever it holds.
     */
    private static boolean anyLineHoldsAll(SearchQuery query, String text, long lineCount) {
        if (query.anyLineHoldsAll(text)) {
            return true;
        }
        long lines = 1;
        for (int at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) {
            lines++;
        }
        return lines != lineCount;
    }

    private static List<SearchHit> searchEvents(SqlConnection c, SearchQuery query, SearchFilter filter, int limit)
            throws SQLException {
        Where where = new Where().andIf(filter.sessionId(), "e.session_id = ?")
                .andIf(filter.agentName(), "e.agent_name = ?")
                .andIf(micros(filter.since()), "e.timestamp >= ?")
                .andIf(micros(filter.until()), "e.timestamp < ?");
        PreparedStatement ps = c.prepare(EVENTS + where.andSql() + ORDER);
        ps.setString(1, query.ftsQuery());
        ps.setInt(where.bindFrom(ps, 2), limit);
        List<SearchHit> hits = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String value = rs.getString(7);
                hits.add(new SearchHit("extraction", rs.getString(3), rs.getString(2), Rows.getLong(rs, 8),
                        Micros.toInstant(rs.getLong(4)), value, query.match(value), null, rs.getLong(1),
                        rs.getString(5), rs.getString(6)));
            }
        }
        return hits;
    }

    private static Long micros(Instant time) {
        return time == null ? null : Micros.of(time);
    }
}
