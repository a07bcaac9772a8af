package dev.tapedeck.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a listing adds to a page of sessions: event counts, tokens, cost and short ids, read with
 * one query per kind for the whole page (the page is at most {@link PageRequest#MAX_LIMIT} rows).
 */
final class SessionSummaries {
    /**
     * Per session: errors, high-risk events, and the tokens and cost of the usage events that cover
     * a whole session or run: Claude's result ({@code "scope":"session"}), Codex's completed turn and
     * Gemini's result, which carry no scope. Claude's per-message usage ({@code "scope":"message"})
     * is left out: the result's total already holds it.
     */
    private static final String COUNTS = """
            SELECT session_id,
                sum(event_type IN ('error', 'exception', 'compiler_error', 'test_failure')),
                sum(risk_level = 'high'),
                sum(CASE WHEN %1$s THEN json_extract(metadata_json, '$.input_tokens') END),
                sum(CASE WHEN %1$s THEN json_extract(metadata_json, '$.output_tokens') END),
                sum(CASE WHEN %1$s THEN json_extract(metadata_json, '$.total_cost_usd') END)
            FROM extraction_events WHERE session_id IN (%2$s) GROUP BY session_id""";
    static final String SESSION_USAGE = """
            event_type = 'token_usage' AND json_valid(metadata_json) AND (
                (pattern = 'claude_stream_json' AND json_extract(metadata_json, '$.scope') = 'session')
                OR pattern IN ('codex_json', 'gemini_stream_json'))""";
    /**
     * Generated ids (yyyyMMdd-HHmmss-xxxxxx) whose six random hex digits are among those asked: a
     * seek per digits on idx_sessions_random_part.
     */
    static final String SAME_RANDOM_PART = "SELECT " + Sessions.RANDOM_PART + " FROM process_sessions"
            + " WHERE " + Sessions.RANDOM_PART + " IN (%s) AND session_id GLOB '" + Sessions.GENERATED_START + "*'";
    private static final String ID_PREFIX = "SELECT count(*) FROM process_sessions WHERE session_id >= ? AND session_id < ?";
    private static final Pattern GENERATED = Pattern.compile("[0-9]{8}-[0-9]{6}-[0-9a-f]{6}");
    /** What SAME_RANDOM_PART's GLOB keeps: 8 digits, '-', 6 digits, '-', then anything. */
    private static final Pattern GENERATED_START = Pattern.compile("[0-9]{8}-[0-9]{6}-");
    private static final String EVERY_ID = "SELECT session_id FROM process_sessions";
    /**
     * Past this many sessions one read of every id costs less than two seeks for each (one on the
     * random part's index, one on the id's).
     */
    private static final int MANY = PageRequest.MAX_LIMIT;

    private SessionSummaries() {
    }

    static List<SessionSummary> of(SqlConnection c, List<Session> sessions) throws SQLException {
        if (sessions.isEmpty()) {
            return List.of();
        }
        Map<String, Object[]> counts = new HashMap<>();
        for (int from = 0; from < sessions.size(); from += PageRequest.MAX_LIMIT) {
            counts.putAll(counts(c, sessions.subList(from, Math.min(sessions.size(), from + PageRequest.MAX_LIMIT))));
        }
        Map<String, String> shortIds = shortIds(c, sessions.stream().map(Session::sessionId).toList());
        List<SessionSummary> summaries = new ArrayList<>(sessions.size());
        for (Session s : sessions) {
            Object[] row = counts.getOrDefault(s.sessionId(), new Object[] {0L, 0L, null, null, null});
            summaries.add(new SessionSummary(s, shortIds.get(s.sessionId()), (Long) row[0], (Long) row[1],
                    (Long) row[2], (Long) row[3], (Double) row[4]));
        }
        return summaries;
    }

    private static Map<String, Object[]> counts(SqlConnection c, List<Session> sessions) throws SQLException {
        // Not c.prepare: a statement per page size would stay cached for the connection's life.
        try (PreparedStatement ps = c.jdbc().prepareStatement(
                String.format(COUNTS, SESSION_USAGE, marks(sessions.size())))) {
            for (int i = 0; i < sessions.size(); i++) {
                ps.setString(i + 1, sessions.get(i).sessionId());
            }
            Map<String, Object[]> counts = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Long input = Rows.getLong(rs, 4);
                    Long output = Rows.getLong(rs, 5);
                    // wasNull speaks of the last column read, so it is asked right after cost.
                    double cost = rs.getDouble(6);
                    Double costUsd = rs.wasNull() ? null : cost;
                    counts.put(rs.getString(1), new Object[] {rs.getLong(2), rs.getLong(3), input, output, costUsd});
                }
            }
            return counts;
        }
    }

    /** The short id of each of ids (see {@link SessionSummary#shortId}). */
    static Map<String, String> shortIds(SqlConnection c, List<String> ids) throws SQLException {
        return ids.size() > MANY ? shortIdsFromEveryId(c, ids) : shortIdsOfFew(c, ids);
    }

    /**
     * The six random hex digits of each generated id when {@link Sessions#lookup} would find this
     * session alone by them (no other generated id ends with them, no id starts with them), else the
     * full id. A seek for each session's digits, and one for each prefix.
     */
    private static Map<String, String> shortIdsOfFew(SqlConnection c, List<String> ids) throws SQLException {
        List<String> parts = new ArrayList<>();
        for (String id : ids) {
            if (GENERATED.matcher(id).matches()) {
                parts.add(id.substring(16));
            }
        }
        Set<String> shared = new HashSet<>();
        if (!parts.isEmpty()) {
            try (PreparedStatement ps = c.jdbc().prepareStatement(String.format(SAME_RANDOM_PART, marks(parts.size())))) {
                for (int i = 0; i < parts.size(); i++) {
                    ps.setString(i + 1, parts.get(i));
                }
                Set<String> seen = new HashSet<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (!seen.add(rs.getString(1))) {
                            shared.add(rs.getString(1));
                        }
                    }
                }
            }
        }
        Map<String, String> shortIds = new HashMap<>();
        for (String id : ids) {
            boolean generated = GENERATED.matcher(id).matches();
            String part = generated ? id.substring(16) : null;
            shortIds.put(id, generated && !shared.contains(part) && !startsAnId(c, part) ? part : id);
        }
        return Collections.unmodifiableMap(shortIds);
    }

    /**
     * The short ids of many sessions from one read of every id: how many generated ids end with
     * each random part, and the first six characters of every id. Same answer as
     * {@link #shortIds}.
     */
    private static Map<String, String> shortIdsFromEveryId(SqlConnection c, List<String> ids) throws SQLException {
        Map<String, Integer> parts = new HashMap<>();
        Set<String> starts = new HashSet<>();
        try (PreparedStatement ps = c.jdbc().prepareStatement(EVERY_ID); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String id = rs.getString(1);
                if (id.length() >= 22 && GENERATED_START.matcher(id).lookingAt()) {
                    parts.merge(id.substring(16, 22), 1, Integer::sum);
                }
                if (id.length() >= 6) {
                    starts.add(id.substring(0, 6));
                }
            }
        }
        Map<String, String> shortIds = new HashMap<>();
        for (String id : ids) {
            boolean generated = GENERATED.matcher(id).matches();
            String part = generated ? id.substring(16) : null;
            shortIds.put(id, generated && parts.getOrDefault(part, 0) == 1 && !starts.contains(part) ? part : id);
        }
        return shortIds;
    }

    private static boolean startsAnId(SqlConnection c, String prefix) throws SQLException {
        PreparedStatement ps = c.prepare(ID_PREFIX);
        ps.setString(1, prefix);
        ps.setString(2, prefix + "\uDBFF\uDFFF");
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() && rs.getLong(1) > 0;
        }
    }

    private static String marks(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }
}
