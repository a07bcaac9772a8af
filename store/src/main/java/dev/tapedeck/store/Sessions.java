package dev.tapedeck.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;

/** Reads sessions and their state changes. Writes go through the {@link WriteQueue}. */
public final class Sessions {
    private static final String COLUMNS = """
            id, session_id, agent_name, status, command_line, working_directory, host, pid, recorder_pid,
            recorder_started_at, environment, started_at, ended_at, exit_code, total_lines_processed, stdout_lines,
            stderr_lines, output_bytes, total_extraction_events, total_code_blocks, total_feedback_outcomes,
            dropped_lines, stdout_log_path, stderr_log_path, extraction_config_version, environment_config_version""";
    private static final String FIND = "SELECT " + COLUMNS + " FROM process_sessions WHERE session_id = ?";
    private static final String LIST = "SELECT " + COLUMNS + " FROM process_sessions";
    private static final String LIST_ORDER = " ORDER BY started_at DESC, id DESC LIMIT ?";
    private static final String LAST = LIST + " ORDER BY started_at DESC, id DESC LIMIT 1";
    private static final String LAST_OF_AGENT = LIST + " WHERE agent_name = ? ORDER BY started_at DESC, id DESC LIMIT 1";
    // A range on the unique index of session_id; the bound after the prefix is U+10FFFF.
    private static final String BY_PREFIX = LIST + " WHERE session_id >= ? AND session_id < ?" + LIST_ORDER;
    /**
     * The random part of a generated id (yyyyMMdd-HHmmss-xxxxxx), exactly as idx_sessions_random_part
     * (schema v6) indexes it: a query must use this text for SQLite to use the index.
     */
    static final String RANDOM_PART = "substr(session_id, 17, 6)";
    /** What a generated id looks like up to its random part, as a GLOB pattern. */
    static final String GENERATED_START = "[0-9]".repeat(8) + "-" + "[0-9]".repeat(6) + "-";
    // A prefix of the random part: a range on the index (the bound after the prefix is U+10FFFF), then
    // the GLOB keeps generated ids only. Taken only for hex text.
    static final String BY_RANDOM_PART = LIST + " WHERE " + RANDOM_PART + " >= ? AND " + RANDOM_PART
            + " < ? AND session_id GLOB '" + GENERATED_START + "' || ? || '*'" + LIST_ORDER;
    private static final java.util.regex.Pattern HEX_PREFIX = java.util.regex.Pattern.compile("[0-9a-f]{1,6}");
    private static final String STATE_CHANGES = """
            SELECT id, session_id, timestamp, state, exit_code, metadata_json
            FROM process_state_changes WHERE session_id = ? ORDER BY id""";

    private static final String AGENT_SUMMARY = """
            SELECT status, count(*), sum(ended_at - started_at), count(ended_at), min(started_at),
                max(coalesce(ended_at, started_at))
            FROM process_sessions WHERE agent_name = ? GROUP BY status""";
    private static final String STATE_CHANGES_AFTER = """
            SELECT c.id, c.session_id, c.timestamp, c.state, c.exit_code, c.metadata_json
            FROM process_state_changes c""";
    private static final String STATE_CHANGES_AFTER_ORDER = " ORDER BY c.id LIMIT ?";

    private final ReadPool reads;

    Sessions(ReadPool reads) {
        this.reads = reads;
    }

    public Optional<Session> find(String sessionId) {
        return reads.read("find session '" + sessionId + "'", c -> {
            PreparedStatement ps = c.prepare(FIND);
            ps.setString(1, sessionId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
        });
    }

    /**
     * The session a reference names, the one place where references are read (the command line and
     * the HTTP routes both come here). In this order: the full id; {@code last}, the newest session
     * (by start time), and {@code last:AGENT}, the newest of that agent; a prefix of the id, or of the
     * six hex digits a generated id ends with ({@code 3a418c} for {@code 20261203-152102-3a418c}),
     * that only one session has. An exact id always wins, so no session becomes unreachable.
     */
    public SessionLookup lookup(String reference) {
        Optional<Session> exact = find(reference);
        if (exact.isPresent()) {
            return new SessionLookup.Found(exact.get());
        }
        if (reference.equals("last") || reference.startsWith("last:")) {
            String agent = reference.equals("last") ? null : reference.substring(5);
            Optional<Session> last = findLast(agent);
            if (last.isPresent()) {
                return new SessionLookup.Found(last.get());
            }
            return new SessionLookup.Missing(reference, agent == null ? "no session 'last': nothing is recorded yet"
                    : "no session '" + reference + "': agent '" + agent + "' has none");
        }
        Map<String, Session> matches = new LinkedHashMap<>();
        int limit = SessionLookup.MAX_CANDIDATES + 1;
        if (!reference.isEmpty()) {
            listMatching(BY_PREFIX, limit, reference, reference + "\uDBFF\uDFFF")
                    .forEach(s -> matches.put(s.sessionId(), s));
        }
        if (HEX_PREFIX.matcher(reference).matches()) {
            listMatching(BY_RANDOM_PART, limit, reference, reference + "\uDBFF\uDFFF", reference)
                    .forEach(s -> matches.putIfAbsent(s.sessionId(), s));
        }
        if (matches.isEmpty()) {
            return new SessionLookup.Missing(reference, "no session '" + reference + "'");
        }
        if (matches.size() == 1) {
            return new SessionLookup.Found(matches.values().iterator().next());
        }
        List<Session> newestFirst = matches.values().stream().sorted(java.util.Comparator
                .comparing(Session::startedAt).thenComparing(Session::id).reversed()).toList();
        boolean more = newestFirst.size() > SessionLookup.MAX_CANDIDATES;
        return new SessionLookup.Ambiguous(reference,
                newestFirst.subList(0, Math.min(newestFirst.size(), SessionLookup.MAX_CANDIDATES)), more);
    }

    /** The newest session (by start time), of agentName when it is not {@code null}. */
    public Optional<Session> findLast(String agentName) {
        return reads.read("find the newest session" + (agentName == null ? "" : " of agent '" + agentName + "'"), c -> {
            PreparedStatement ps = c.prepare(agentName == null ? LAST : LAST_OF_AGENT);
            if (agentName != null) {
                ps.setString(1, agentName);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
        });
    }

    private List<Session> listMatching(String sql, int limit, String... values) {
        return reads.read("find sessions matching '" + values[0] + "'", c -> {
            PreparedStatement ps = c.prepare(sql);
            for (int i = 0; i < values.length; i++) {
                ps.setString(i + 1, values[i]);
            }
            ps.setInt(values.length + 1, limit);
            List<Session> sessions = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sessions.add(map(rs));
                }
            }
            return sessions;
        });
    }

    public Session get(String sessionId) {
        return find(sessionId).orElseThrow(() -> new StoreException("no session '" + sessionId + "'"));
    }

    /** Sessions matching the filter, most recently started first. */
    public Page<Session> list(SessionFilter filter, PageRequest page) {
        Where where = new Where()
                .andIf(filter.agentName(), "agent_name = ?")
                .andIf(filter.status() == null ? null : filter.status().wireName(), "status = ?")
                .andIf(filter.startedSince() == null ? null : Micros.of(filter.startedSince()), "started_at >= ?")
                .andIf(filter.startedBefore() == null ? null : Micros.of(filter.startedBefore()), "started_at < ?")
                .andIf(filter.host(), "host = ?")
                .before("started_at", page.cursor());
        if (filter.active() != null) {
            where.and(filter.active() ? "status = 'running'" : "status <> 'running'");
        }
        String sql = LIST + where.sql() + LIST_ORDER;
        return reads.read("list sessions", c -> {
            PreparedStatement ps = c.prepare(sql);
            ps.setInt(where.bind(ps), page.limit() + 1);
            List<Session> sessions = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sessions.add(map(rs));
                }
            }
            return Pages.of(sessions, page.limit(), s -> Cursors.encode(Micros.of(s.startedAt()), s.id()));
        });
    }

    /**
     * A page of {@link #list} with what a listing shows beside each session: its errors, high-risk
     * commands, tokens and cost, and its short id (see {@link SessionSummary}). Tokens and cost are
     * summed over the usage events that cover a whole run (Claude's result, Codex's completed turn,
     * Gemini's result), never over Claude's per-message usage, which the result already holds.
     */
    public Page<SessionSummary> listSummaries(SessionFilter filter, PageRequest page) {
        Page<Session> sessions = list(filter, page);
        List<SessionSummary> summaries = reads.read("summarise " + sessions.items().size() + " sessions",
                c -> SessionSummaries.of(c, sessions.items()));
        return new Page<>(summaries, sessions.nextCursor());
    }

    /**
     * Up to limit sessions of {@link #listSummaries(SessionFilter, PageRequest)}, newest first, read
     * page by page and summarised together (short ids from one read of every id, not one per page).
     */
    public List<SessionSummary> listSummaries(SessionFilter filter, long limit) {
        List<Session> sessions = new ArrayList<>();
        String cursor = null;
        do {
            int size = (int) Math.min(PageRequest.MAX_LIMIT, limit - sessions.size());
            Page<Session> page = list(filter, new PageRequest(size, cursor));
            sessions.addAll(page.items());
            cursor = page.nextCursor().orElse(null);
        } while (cursor != null && sessions.size() < limit);
        return reads.read("summarise " + sessions.size() + " sessions", c -> SessionSummaries.of(c, sessions));
    }

    /**
     * The short id of each of the sessions (ids as stored), as a listing shows it ({@link
     * SessionSummary#shortId}); for the hits of a search, the events of a journal.
     */
    public Map<String, String> shortIds(Collection<String> sessionIds) {
        List<String> ids = List.copyOf(new LinkedHashSet<>(sessionIds));
        if (ids.isEmpty()) {
            return Map.of();
        }
        return reads.read("make short ids of " + ids.size() + " sessions", c -> SessionSummaries.shortIds(c, ids));
    }

    /** One session's {@link SessionSummary}: the same counts, tokens, cost and short id as a listing's row. */
    public SessionSummary summarise(Session session) {
        return reads.read("summarise session '" + session.sessionId() + "'",
                c -> SessionSummaries.of(c, List.of(session)).get(0));
    }

    /** Sessions still running, most recently started first (at most 1000). */
    public List<Session> listActive() {
        return list(SessionFilter.ALL.active(true), PageRequest.first(PageRequest.MAX_LIMIT)).items();
    }

    /** The state changes of a session in the order they happened. */
    public List<StateChange> listStateChanges(String sessionId) {
        return reads.read("list state changes of session '" + sessionId + "'", c -> {
            PreparedStatement ps = c.prepare(STATE_CHANGES);
            ps.setString(1, sessionId);
            return readStateChanges(ps);
        });
    }

    /** How many sessions an agent ran, by status, and how long they took. */
    public AgentSessions agentSessions(String agentName) {
        return reads.read("read sessions of agent '" + agentName + "'", c -> {
            PreparedStatement ps = c.prepare(AGENT_SUMMARY);
            ps.setString(1, agentName);
            Map<String, Long> byStatus = new LinkedHashMap<>();
            long total = 0;
            long endedMicros = 0;
            long ended = 0;
            Long first = null;
            Long last = null;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byStatus.put(rs.getString(1), rs.getLong(2));
                    total += rs.getLong(2);
                    endedMicros += rs.getLong(3);
                    ended += rs.getLong(4);
                    first = first == null ? rs.getLong(5) : Math.min(first, rs.getLong(5));
                    last = last == null ? rs.getLong(6) : Math.max(last, rs.getLong(6));
                }
            }
            Duration average = ended == 0 ? null : Duration.of(endedMicros / ended, ChronoUnit.MICROS);
            return new AgentSessions(agentName, total, byStatus, average,
                    first == null ? null : Micros.toInstant(first), last == null ? null : Micros.toInstant(last));
        });
    }

    /**
     * Up to limit state changes with an id above afterId, oldest first: of one session when sessionId
     * is not {@code null}, of one agent's sessions when agentName is not {@code null}.
     */
    public List<StateChange> listStateChangesAfter(long afterId, String sessionId, String agentName, int limit) {
        Where where = new Where()
                .and("c.id > ?", afterId)
                .andIf(sessionId, "c.session_id = ?")
                .andIf(agentName, "c.session_id IN (SELECT session_id FROM process_sessions WHERE agent_name = ?)");
        String sql = STATE_CHANGES_AFTER + where.sql() + STATE_CHANGES_AFTER_ORDER;
        return reads.read("list state changes after id " + afterId, c -> {
            PreparedStatement ps = c.prepare(sql);
            ps.setInt(where.bind(ps), limit);
            return readStateChanges(ps);
        });
    }

    private static List<StateChange> readStateChanges(PreparedStatement ps) throws SQLException {
        List<StateChange> changes = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                changes.add(new StateChange(rs.getLong(1), rs.getString(2), Micros.toInstant(rs.getLong(3)),
                        rs.getString(4), Rows.getInt(rs, 5), rs.getString(6)));
            }
        }
        return changes;
    }

    private static Session map(ResultSet rs) throws SQLException {
        SessionTotals totals = new SessionTotals(rs.getLong(15), rs.getLong(16), rs.getLong(17), rs.getLong(18),
                rs.getLong(19), rs.getLong(20), rs.getLong(21), rs.getLong(22));
        return new Session(rs.getLong(1), rs.getString(2), rs.getString(3), SessionStatus.parse(rs.getString(4)),
                rs.getString(5), rs.getString(6), rs.getString(7), Rows.getLong(rs, 8), Rows.getLong(rs, 9),
                Rows.getInstant(rs, 10), rs.getString(11), Micros.toInstant(rs.getLong(12)), Rows.getInstant(rs, 13),
                Rows.getInt(rs, 14), totals, rs.getString(23), rs.getString(24), rs.getString(25), rs.getString(26));
    }
}
