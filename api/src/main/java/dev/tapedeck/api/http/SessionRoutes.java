package dev.tapedeck.api.http;

import dev.tapedeck.api.export.RecordedTerminal;
import dev.tapedeck.api.http.Views.SessionListView;
import dev.tapedeck.store.Database;
import dev.tapedeck.store.Extraction;
import dev.tapedeck.store.ExtractionFilter;
import dev.tapedeck.store.Page;
import dev.tapedeck.store.PageRequest;
import dev.tapedeck.store.RiskLevel;
import dev.tapedeck.store.Session;
import io.undertow.server.HttpServerExchange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a session's page needs beyond {@code /api/query/session/{id}}: its facts as a listing's row
 * gives them (tokens, cost, errors) with the model and the recorded terminal, and the markers for
 * the player's seek bar, on the clock of the session's asciicast export (seconds since the start).
 */
public final class SessionRoutes {
    /** Event types shown as error markers. */
    private static final Set<String> ERRORS = Set.of("error", "exception", "compiler_error", "test_failure");
    private static final Set<String> OTHERS = Set.of("test_result", "tool_call");

    private final Database db;

    public SessionRoutes(Database db) {
        this.db = db;
    }

    public void register(Routes routes) {
        routes.get("/api/query/session/{id}/facts", JsonRoute.of(this::facts));
        routes.get("/api/query/session/{id}/markers", JsonRoute.of(this::markers));
    }

    public record TerminalView(Integer columns, Integer rows, String term) {
    }

    public record Facts(SessionListView facts, String model, TerminalView terminal) {
    }

    Facts facts(HttpServerExchange exchange) {
        Params p = Params.of(exchange, Set.of());
        Session session = QueryRoutes.requireSession(db, p.path("id"));
        String model = db.extractions().listOfSession(session.sessionId(), "model", null).stream()
                .map(Extraction::matchedValue).findFirst().orElse(null);
        RecordedTerminal t = RecordedTerminal.of(session);
        return new Facts(SessionListView.of(db.sessions().summarise(session)), model,
                new TerminalView(t.columns(), t.rows(), t.term()));
    }

    /**
     * One marker: {@code kind} is error, high_risk, test or tool; {@code time} is seconds since the
     * session's start, as in the asciicast export.
     */
    public record Marker(double time, String kind, String label, String eventType, String riskLevel,
                         Long lineNumber, long extractionId) {
    }

    public record Markers(String sessionId, List<Marker> markers, String nextCursor) {
    }

    /**
     * A page of the session's events (oldest first), reduced to those that make a marker; a page
     * may hold none while {@code next_cursor} still leads on.
     */
    Markers markers(HttpServerExchange exchange) {
        Params p = Params.of(exchange, Set.of("limit", "cursor"));
        Session session = QueryRoutes.requireSession(db, p.path("id"));
        int limit = (int) p.number("limit", PageRequest.MAX_LIMIT, 1, PageRequest.MAX_LIMIT);
        Page<Extraction> page = db.extractions().listOldestFirst(ExtractionFilter.ALL.session(session.sessionId()),
                new PageRequest(limit, p.text("cursor")));
        List<Marker> markers = new ArrayList<>();
        for (Extraction x : page.items()) {
            Marker marker = marker(session, x);
            if (marker != null) {
                markers.add(marker);
            }
        }
        return new Markers(session.sessionId(), markers, page.nextCursor().orElse(null));
    }

    /** The marker an event of the session makes, or null for an event that makes none. */
    public static Marker marker(Session session, Extraction x) {
        String kind = kind(x);
        if (kind == null) {
            return null;
        }
        String value = x.matchedValue() == null ? x.pattern() : x.matchedValue();
        return new Marker(seconds(session.startedAt(), x.timestamp()), kind, x.eventType() + ": " + value,
                x.eventType(), x.riskLevel() == null ? null : x.riskLevel().wireName(), x.lineNumber(), x.id());
    }

    private static String kind(Extraction x) {
        if (x.riskLevel() == RiskLevel.HIGH) {
            return "high_risk";
        }
        if (ERRORS.contains(x.eventType())) {
            return "error";
        }
        if (OTHERS.contains(x.eventType())) {
            return x.eventType().equals("test_result") ? "test" : "tool";
        }
        return null;
    }

    private static double seconds(Instant from, Instant at) {
        return Math.max(0, Duration.between(from, at).toNanos() / 1_000) / 1e6;
    }
}
