package dev.tapedeck.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads code blocks with their occurrences. Writes go through the {@link WriteQueue}. */
public final class CodeBlocks {
    private static final String COLUMNS = """
            SELECT id, digest, language, content, agent_name, session_id, timestamp, line_start, line_end,
                context_json, parseable
            FROM code_blocks""";
    private static final String BY_DIGEST = COLUMNS + " WHERE digest = ?";
    private static final String LIST_ORDER = " ORDER BY id DESC LIMIT ?";
    private static final String IN_AGENT =
            "id IN (SELECT code_block_id FROM code_block_occurrences WHERE agent_name = ?)";
    private static final String IN_SESSION =
            "id IN (SELECT code_block_id FROM code_block_occurrences WHERE session_id = ?)";
    private static final String OCCURRENCES = """
            SELECT id, agent_name, session_id, timestamp, line_start, line_end, terminated
            FROM code_block_occurrences WHERE code_block_id = ? ORDER BY id""";

    private static final String SIGHTINGS_AFTER = """
            SELECT o.id, o.agent_name, o.session_id, o.timestamp, o.line_start, o.line_end, o.terminated,
                b.id, b.digest, b.language, b.content,
                EXISTS (SELECT 1 FROM code_block_occurrences p WHERE p.code_block_id = o.code_block_id AND p.id < o.id)
            FROM code_block_occurrences o JOIN code_blocks b ON b.id = o.code_block_id""";
    private static final String SIGHTINGS_AFTER_ORDER = " ORDER BY o.id LIMIT ?";

    private final ReadPool reads;

    CodeBlocks(ReadPool reads) {
        this.reads = reads;
    }

    /** Blocks with an occurrence matching the filter, most recently first seen first. */
    public Page<StoredCodeBlock> list(CodeBlockFilter filter, PageRequest page) {
        Where where = new Where()
                .andIf(filter.language(), "language = ?")
                .andIf(filter.agentName(), IN_AGENT)
                .andIf(filter.sessionId(), IN_SESSION)
                .before("id", page.cursor());
        String sql = COLUMNS + where.sql() + LIST_ORDER;
        return reads.read("list code blocks", c -> {
            PreparedStatement ps = c.prepare(sql);
            ps.setInt(where.bind(ps), page.limit() + 1);
            List<StoredCodeBlock> blocks = readBlocks(c, ps);
            return Pages.of(blocks, page.limit(), b -> Cursors.encode(b.id(), b.id()));
        });
    }

    public Optional<StoredCodeBlock> findByDigest(String digest) {
        return reads.read("find code block " + digest, c -> {
            PreparedStatement ps = c.prepare(BY_DIGEST);
            ps.setString(1, digest);
            return readBlocks(c, ps).stream().findFirst();
        });
    }

    /**
     * Up to limit sightings with an occurrence id above afterId, oldest first, of one session and/or
     * agent when given.
     */
    public List<CodeBlockSighting> listSightingsAfter(long afterId, String sessionId, String agentName, int limit) {
        Where where = new Where()
                .and("o.id > ?", afterId)
                .andIf(sessionId, "o.session_id = ?")
                .andIf(agentName, "o.agent_name = ?");
        String sql = SIGHTINGS_AFTER + where.sql() + SIGHTINGS_AFTER_ORDER;
        return reads.read("list code blocks after occurrence " + afterId, c -> {
            PreparedStatement ps = c.prepare(sql);
            ps.setInt(where.bind(ps), limit);
            List<CodeBlockSighting> sightings = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sightings.add(new CodeBlockSighting(rs.getLong(1), rs.getString(2), rs.getString(3),
                            Micros.toInstant(rs.getLong(4)), rs.getLong(5), rs.getLong(6), rs.getInt(7) != 0,
                            rs.getLong(8), rs.getString(9), rs.getString(10), rs.getString(11), rs.getInt(12) != 0));
                }
            }
            return sightings;
        });
    }

    private static List<StoredCodeBlock> readBlocks(SqlConnection c, PreparedStatement ps) throws SQLException {
        List<StoredCodeBlock> blocks = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                blocks.add(new StoredCodeBlock(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), Micros.toInstant(rs.getLong(7)), rs.getLong(8),
                        rs.getLong(9), rs.getString(10), Rows.getBoolean(rs, 11), List.of()));
            }
        }
        List<StoredCodeBlock> withOccurrences = new ArrayList<>(blocks.size());
        for (StoredCodeBlock b : blocks) {
            withOccurrences.add(new StoredCodeBlock(b.id(), b.digest(), b.language(), b.content(), b.agentName(),
                    b.sessionId(), b.timestamp(), b.lineStart(), b.lineEnd(), b.contextJson(), b.parseable(),
                    occurrences(c, b.id())));
        }
        return withOccurrences;
    }

    private static List<CodeBlockOccurrence> occurrences(SqlConnection c, long blockId) throws SQLException {
        PreparedStatement ps = c.prepare(OCCURRENCES);
        ps.setLong(1, blockId);
        List<CodeBlockOccurrence> occurrences = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                occurrences.add(new CodeBlockOccurrence(rs.getLong(1), rs.getString(2), rs.getString(3),
                        Micros.toInstant(rs.getLong(4)), rs.getLong(5), rs.getLong(6), rs.getInt(7) != 0));
            }
        }
        return occurrences;
    }
}
