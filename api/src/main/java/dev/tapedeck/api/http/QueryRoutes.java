package dev.tapedeck.api.http;

import dev.tapedeck.api.http.Views.CodeBlockView;
import dev.tapedeck.api.http.Views.ExtractionView;
import dev.tapedeck.api.http.Views.LineView;
import dev.tapedeck.api.http.Views.SessionListView;
import dev.tapedeck.api.http.Views.SessionView;
import dev.tapedeck.api.http.Views.StateView;
import dev.tapedeck.store.Activity;
import dev.tapedeck.store.AgentSessions;
import dev.tapedeck.store.AgentStats;
import dev.tapedeck.store.CodeBlockFilter;
import dev.tapedeck.store.Database;
import dev.tapedeck.store.ExtractionFilter;
import dev.tapedeck.store.OutputLine;
import dev.tapedeck.store.Page;
import dev.tapedeck.store.PageRequest;
import dev.tapedeck.store.RiskLevel;
import dev.tapedeck.store.SearchFilter;
import dev.tapedeck.store.SearchHit;
import dev.tapedeck.store.SearchResult;
import dev.tapedeck.store.SearchQuery;
import dev.tapedeck.store.Session;
import dev.tapedeck.store.SessionFilter;
import dev.tapedeck.store.SessionStatus;
import dev.tapedeck.store.SessionSummary;
import dev.tapedeck.store.Stream;
import io.undertow.server.HttpServerExchange;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The read-only query routes under {@code /api/query}: JSON over the store's reads. */
public final class QueryRoutes {
    private final Database db;

    public QueryRoutes(Database db) {
        this.db = db;
    }

    public void register(Routes routes) {
        routes.get("/api/query/extractions", JsonRoute.of(this::extractions));
        routes.get("/api/query/code-blocks", JsonRoute.of(this::codeBlocks));
        routes.get("/api/query/sessions", JsonRoute.of(this::sessions));
        routes.get("/api/query/session/{id}", JsonRoute.of(this::session));
        routes.get("/api/query/session/{id}/lines", JsonRoute.of(this::lines));
        routes.get("/api/query/stats/agent/{name}", JsonRoute.of(this::agentStats));
        routes.get("/api/query/stats/pattern/{pattern}", JsonRoute.of(this::patternStats));
        routes.get("/api/query/timeline", JsonRoute.of(this::timeline));
        routes.get("/api/query/search", JsonRoute.of(this::search));
    }

    public record Extractions(List<ExtractionView> extractions, int total, String nextCursor) {
    }

    Extractions extractions(HttpServerExchange exchange) {
        Params p = Params.of(exchange, Set.of("agent", "session", "type", "pattern", "risk", "host", "since", "until",
                "text", "order", "limit", "cursor"));
        if (p.text("text") != null && p.text("session") == null) {
            throw HttpError.badRequest("text needs session (it reads each event the other filters select)");
        }
        ExtractionFilter filter = new ExtractionFilter(p.text("agent"), sessionFilter(p), p.text("type"),
                p.text("pattern"), p.choice("risk", RiskLevel::parse), p.time("since"), p.time("until"), p.text("host"),
                p.text("text"));
        boolean oldestFirst = "oldest".equals(p.choice("order", QueryRoutes::order));
        Page<dev.tapedeck.store.Extraction> page = oldestFirst ? db.extractions().listOldestFirst(filter, page(p))
                : db.extractions().list(filter, page(p));
        return new Extractions(page.items().stream().map(ExtractionView::of).toList(), page.items().size(),
                page.nextCursor().orElse(null));
    }

    public record CodeBlocks(List<CodeBlockView> codeBlocks, int total, String nextCursor) {
    }

    CodeBlocks codeBlocks(HttpServerExchange exchange) {
        Params p = Params.of(exchange, Set.of("agent", "session", "language", "limit", "cursor"));
        CodeBlockFilter filter = new CodeBlockFilter(p.text("agent"), sessionFilter(p), p.text("language"));
        Page<dev.tapedeck.store.StoredCodeBlock> page = db.codeBlocks().list(filter, page(p));
        return new CodeBlocks(page.items().stream().map(CodeBlockView::of).toList(), page.items().size(),
                page.nextCursor().orElse(null));
    }

    public record Sessions(List<SessionListView> sessions, int total, String nextCursor) {
    }

    Sessions sessions(HttpServerExchange exchange) {
        Params p = Params.of(exchange, Set.of("agent", "status", "active", "days", "host", "since", "until", "limit",
                "cursor"));
        long days = p.number("days", 0, 1, 36_500);
        Instant since = p.time("since");
        if (since == null && days > 0) {
            since = Instant.now().minus(Duration.ofDays(days));
        }
        SessionFilter filter = new SessionFilter(p.text("agent"), p.choice("status", SessionStatus::parse),
                p.optionalBool("active"), since, p.time("until"), p.text("host"));
        Page<SessionSummary> page = db.sessions().listSummaries(filter, page(p));
        return new Sessions(page.items().stream().map(SessionListView::of).toList(), page.items().size(),
                page.nextCursor().orElse(null));
    }

    public record SessionDetail(SessionView session, List<StateView> stateChanges,
                                Map<String, Long> extractionCounts) {
    }

    SessionDetail session(HttpServerExchange exchange) {
        Params p = Params.of(exchange, Set.of());
        Session session = requireSession(db, p.path("id"));
        return new SessionDetail(SessionView.of(session),
                db.sessions().listStateChanges(session.sessionId()).stream().map(StateView::of).toList(),
                db.extractions().countByType(session.sessionId()));
    }

    public record Lines(String sessionId, List<LineView> lines, int total, Long nextFromLine) {
    }

    Lines lines(HttpServerExchange exchange) {
        Params p = Params.of(exchange, Set.of("from_line", "limit", "stream", "last"));
        Session session = requireSession(db, p.path("id"));
        long last = p.number("last", 0, 1, Params.MAX_LIMIT);
        if (last > 0 && (p.text("from_line") != null || p.text("limit") != null || p.text("stream") != null)) {
            throw HttpError.badRequest("last cannot be combined with from_line, limit or stream");
        }
        // The session's last N lines (both streams, as tapedeck tail reads them), or a page from a line.
        long from = last > 0 ? db.output().findFirstOfLastLines(session.sessionId(), last)
                : p.number("from_line", 1, 1, Long.MAX_VALUE);
        int limit = last > 0 ? (int) last : p.limit();
        List<OutputLine> lines = db.output().listLines(session.sessionId(), from, limit,
                p.choice("stream", Stream::parse));
        Long next = lines.size() < limit ? null : lines.get(lines.size() - 1).number() + 1;
        return new Lines(session.sessionId(), lines.stream().map(LineView::of).toList(), lines.size(), next);
    }

    public record SessionCounts(long total, long completed, long failed, long killed, long failedToStart,
                                long interrupted, long active, Double successRate, Double averageDurationSeconds) {
    }

    public record ExtractionCounts(long total, Map<String, Long> byType, Map<String, Long> byRisk) {
    }

    public record AgentStatsView(String agentName, SessionCounts sessions, ExtractionCounts extractions,
                                 Instant firstSeen, Instant lastSeen) {
    }

    AgentStatsView agentStats(HttpServerExchange exchange) {
        Params p = Params.of(exchange, Set.of());
        String agent = p.path("name");
        AgentSessions s = db.sessions().agentSessions(agent);
        AgentStats x = db.extractions().agentStats(agent);
        if (s.total() == 0 && x.total() == 0) {
            throw HttpError.notFound("no agent '" + Params.clip(agent) + "'");
        }
        SessionCounts sessions = new SessionCounts(s.total(), s.count(SessionStatus.COMPLETED),
                s.count(SessionStatus.FAILED), s.count(SessionStatus.KILLED), s.count(SessionStatus.FAILED_TO_START),
                s.count(SessionStatus.INTERRUPTED), s.count(SessionStatus.RUNNING), s.successRate(),
                Views.seconds(s.averageDuration()));
        return new AgentStatsView(agent, sessions, new ExtractionCounts(x.total(), x.byType(), x.byRisk()),
                earliest(s.firstStarted(), x.firstSeen()), latest(s.lastActive(), x.lastSeen()));
    }

    PatternStatsView patternStats(HttpServerExchange exchange) {
        Params p = Params.of(exchange, Set.of());
        Activity.PatternStats stats = db.activity().patternStats(p.path("pattern"));
        return new PatternStatsView(stats.pattern(), stats.total(), stats.byAgent(),
                stats.byDay().stream().map(d -> new DayView(d.day(), d.count())).toList(),
                stats.firstMinute(), stats.lastMinute());
    }

    public record DayView(Instant day, long count) {
    }

    /** Matches of one pattern; first and last seen are to the minute. */
    public record PatternStatsView(String pattern, long total, Map<String, Long> byAgent, List<DayView> byDay,
                                          Instant firstSeen, Instant lastSeen) {
    }

    public record BucketView(Instant start, long total, Map<String, Long> byType) {
    }

    public record Timeline(String agent, Instant from, Instant to, String bucket, long total,
                           List<BucketView> buckets) {
    }

    Timeline timeline(HttpServerExchange exchange) {
        Params p = Params.of(exchange, Set.of("agent", "from", "to", "bucket"));
        Activity.Bucket bucket = p.choice("bucket", QueryRoutes::bucket);
        bucket = bucket == null ? Activity.Bucket.HOUR : bucket;
        Instant to = p.time("to");
        to = to == null ? Instant.now() : to;
        Instant from = p.time("from");
        from = from == null ? to.minus(Duration.ofDays(1)) : from;
        if (!to.isAfter(from)) {
            throw HttpError.badRequest("to must be after from (" + Json.time(from) + "), got " + Json.time(to));
        }
        String agent = p.text("agent");
        List<Activity.TimelineBucket> buckets = db.activity().timeline(agent, from, to, bucket);
        return new Timeline(agent, from, to, bucket.wireName(),
                buckets.stream().mapToLong(Activity.TimelineBucket::total).sum(),
                buckets.stream().map(b -> new BucketView(b.start(), b.total(), b.byType())).toList());
    }

    public record HitView(String kind, String sessionId, String agentName, Long lineNumber, String stream,
                          Instant timestamp, String text, String snippet, List<int[]> highlights,
                          Long extractionId, String eventType, String pattern) {
        public static HitView of(SearchHit h) {
            return new HitView(h.kind(), h.sessionId(), h.agentName(), h.lineNumber(),
                    h.stream() == null ? null : h.stream().wireName(), h.timestamp(), h.text(),
                    Snippets.of(h.text(), h.highlights()), h.highlights(), h.extractionId(), h.eventType(),
                    h.pattern());
        }
    }

    public record PendingIndex(long chunks, long extractions) {
    }

    public record SearchResults(String query, List<HitView> hits, int total, boolean cutShort,
                                PendingIndex pendingIndex) {
    }

    SearchResults search(HttpServerExchange exchange) {
        Params p = Params.of(exchange, Set.of("q", "agent", "session", "since", "until", "limit"));
        SearchQuery query = p.choice("q", SearchQuery::parse);
        if (query == null) {
            throw HttpError.badRequest("q is required");
        }
        int limit = (int) p.number("limit", 20, 1, Params.MAX_LIMIT);
        SearchFilter filter = new SearchFilter(p.text("agent"), sessionFilter(p), p.time("since"), p.time("until"));
        SearchResult result = db.search().search(query, filter, limit);
        long[] pending = db.search().pending();
        return new SearchResults(query.text(), result.hits().stream().map(HitView::of).toList(),
                result.hits().size(), result.cutShort(), new PendingIndex(pending[0], pending[1]));
    }

    static Session requireSession(Database db, String reference) {
        return SessionReferences.require(db, reference);
    }

    /** The {@code session} filter: a reference like a route's {id}, resolved to the full id. */
    private String sessionFilter(Params p) {
        String reference = p.text("session");
        return reference == null ? null : requireSession(db, reference).sessionId();
    }

    private static PageRequest page(Params p) {
        return new PageRequest(p.limit(), p.text("cursor"));
    }

    private static String order(String text) {
        if (!text.equals("newest") && !text.equals("oldest")) {
            throw new IllegalArgumentException("order must be newest or oldest, got '" + text + "'");
        }
        return text;
    }

    private static Activity.Bucket bucket(String text) {
        for (Activity.Bucket b : Activity.Bucket.values()) {
            if (b.wireName().equals(text)) {
                return b;
            }
        }
        throw new IllegalArgumentException("bucket must be one of minute, hour, day, got '" + text + "'");
    }

    private static Instant earliest(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }

}
