package dev.tapedeck.api.export;

import dev.tapedeck.api.http.HttpError;
import dev.tapedeck.api.http.JsonRoute;
import dev.tapedeck.api.http.Params;
import dev.tapedeck.api.http.Routes;
import dev.tapedeck.api.http.SessionReferences;
import dev.tapedeck.api.http.SessionRoutes;
import dev.tapedeck.store.Database;
import dev.tapedeck.store.Extraction;
import dev.tapedeck.store.ExtractionFilter;
import dev.tapedeck.store.OutputLine;
import dev.tapedeck.store.Page;
import dev.tapedeck.store.PageRequest;
import dev.tapedeck.store.Session;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A session's terminal output for the session page's player, windowed: {@code GET
 * /api/replay/cast/{id}} answers the index of asciinema-player's segmented recordings (duration,
 * terminal size, markers, and one URL per window of lines), {@code GET
 * /api/replay/cast/{id}/window} one window (a snapshot that redraws the terminal as the window
 * starts, then the window's output events). The player loads the window a seek lands in, and the
 * next one while it plays the current one, so a session of a million lines opens as fast as a small
 * one. Times are played time: idle gaps capped at {@code idle} seconds (see {@link CastPlan}).
 */
public final class CastRoute {
    static final int DEFAULT_WINDOW_LINES = 2_000;
    static final int MAX_WINDOW_LINES = 20_000;
    /** Bounds of the idle cap, in seconds. */
    static final double MIN_IDLE = 0.1;
    static final double MAX_IDLE = 3_600;

    /** The most markers an index gives (see {@link #markers}). */
    static final int MAX_MARKERS = 500;
    private static final List<String> RANKS = List.of("error", "high_risk", "test", "tool");

    private final Database db;

    public CastRoute(Database db) {
        this.db = db;
    }

    public void register(Routes routes) {
        routes.get("/api/replay/cast/{id}", JsonRoute.of(this::index));
        routes.get("/api/replay/cast/{id}/window", JsonRoute.of(this::window));
    }

    /** The terminal: asciinema-player's {@code term}. */
    record Term(int cols, int rows) {
    }

    /** One window's start (played seconds) and URL, relative to the index's. */
    record Segment(double start, String url) {
    }

    /** What tapedeck adds for the page: the cap, and the gaps it shortened (session seconds), to map its clock. */
    record Clock(Double idle, List<double[]> gaps, double sessionDuration) {
    }

    /** asciinema-player's segmented recording index, version 1. */
    record Index(int version, double duration, Term term, List<Object[]> markers, List<Segment> segments,
                 Clock clock) {
    }

    record Snapshot(int cols, int rows, String init) {
    }

    record Window(Snapshot snapshot, List<Object[]> events) {
    }

    Index index(HttpServerExchange exchange) {
        Params p = Params.of(exchange, Set.of("idle", "window"));
        Session session = SessionReferences.require(db, p.path("id"));
        long limit = idleMicros(p);
        int lines = (int) p.number("window", DEFAULT_WINDOW_LINES, 10, MAX_WINDOW_LINES);
        CastPlan plan = CastPlan.of(db, session, limit, lines);
        RecordedTerminal terminal = RecordedTerminal.of(session);
        String base = "/api/replay/cast/" + URLEncoder.encode(session.sessionId(), StandardCharsets.UTF_8)
                + "/window?idle=" + (p.text("idle") == null ? "off" : URLEncoder.encode(p.text("idle"), StandardCharsets.UTF_8));
        List<Segment> segments = new ArrayList<>();
        List<CastPlan.Window> windows = plan.windows();
        for (int i = 0; i < windows.size(); i++) {
            CastPlan.Window w = windows.get(i);
            String url = base + "&from=" + w.fromLine() + "&to=" + w.toLine() + "&at=" + w.atMicros()
                    + (i == windows.size() - 1 ? "&end=" + plan.durationMicros() : "");
            segments.add(new Segment(seconds(w.startMicros()), url));
        }
        List<double[]> gaps = new ArrayList<>(plan.gapCount());
        for (int i = 0; i < plan.gapCount(); i++) {
            gaps.add(new double[] {seconds(plan.gapStart(i)), seconds(plan.gapEnd(i))});
        }
        cacheIfEnded(exchange, session);
        return new Index(1, seconds(plan.durationMicros()),
                new Term(terminal.columnsOrDefault(), terminal.rowsOrDefault()), markers(session, plan), segments,
                new Clock(limit == CastPlan.NO_LIMIT ? null : limit / 1e6, gaps,
                        seconds(session.endedAt() == null ? 0 : CastPlan.micros(session.endedAt())
                                - CastPlan.micros(session.startedAt()))));
    }

    /**
     * The session's markers (as the markers route makes them) on the played clock, at most
     * {@link #MAX_MARKERS}: past that, the seek bar is cut into that many equal spans and each
     * keeps its first marker of the highest rank found in it (an error or a high-risk command
     * before a test result, before a tool call). asciinema-player draws every marker as elements of
     * its seek bar and re-renders them as it plays: 10,000 of them took it 8 s to start playing.
     */
    private List<Object[]> markers(Session session, CastPlan plan) {
        Object[][] kept = new Object[MAX_MARKERS][];
        int[] rank = new int[MAX_MARKERS];
        List<Object[]> all = new ArrayList<>();
        long total = 0;
        String cursor = null;
        do {
            Page<Extraction> page = db.extractions().listOldestFirst(ExtractionFilter.ALL.session(session.sessionId()),
                    new PageRequest(PageRequest.MAX_LIMIT, cursor));
            for (Extraction x : page.items()) {
                SessionRoutes.Marker marker = SessionRoutes.marker(session, x);
                if (marker == null) {
                    continue;
                }
                long played = plan.played(Math.round(marker.time() * 1e6));
                Object[] entry = {seconds(played), marker.label()};
                total++;
                if (all.size() <= MAX_MARKERS) {
                    all.add(entry);
                }
                int span = plan.durationMicros() == 0 ? 0
                        : (int) Math.min(MAX_MARKERS - 1, played * MAX_MARKERS / plan.durationMicros());
                int r = RANKS.indexOf(marker.kind());
                if (kept[span] == null || r < rank[span]) {
                    kept[span] = entry;
                    rank[span] = r;
                }
            }
            cursor = page.nextCursor().orElse(null);
        } while (cursor != null);
        if (total <= MAX_MARKERS) {
            return all;
        }
        List<Object[]> thinned = new ArrayList<>(MAX_MARKERS);
        for (Object[] entry : kept) {
            if (entry != null) {
                thinned.add(entry);
            }
        }
        return thinned;
    }

    Window window(HttpServerExchange exchange) {
        Params p = Params.of(exchange, Set.of("idle", "from", "to", "at", "end"));
        Session session = SessionReferences.require(db, p.path("id"));
        long limit = idleMicros(p);
        long from = p.number("from", 1, 1, Long.MAX_VALUE);
        long to = p.number("to", from + DEFAULT_WINDOW_LINES - 1, from - 1, Long.MAX_VALUE);
        if (to - from + 1 > MAX_WINDOW_LINES) {
            throw HttpError.badRequest("a window holds at most " + MAX_WINDOW_LINES + " lines, got from=" + from
                    + " to=" + to);
        }
        long at = p.number("at", 0, 0, Long.MAX_VALUE);
        String end = p.text("end");
        long endMicros = end == null ? -1 : p.number("end", 0, at, Long.MAX_VALUE);
        RecordedTerminal terminal = RecordedTerminal.of(session);
        List<Object[]> events = new ArrayList<>();
        long played = at;
        long previous = Long.MIN_VALUE;
        List<OutputLine> lines = to < from ? List.of()
                : db.output().listLines(session.sessionId(), from, (int) (to - from + 1), null);
        for (OutputLine line : lines) {
            if (line.number() > to) {
                break;
            }
            long t = CastPlan.micros(line.timestamp());
            if (previous != Long.MIN_VALUE) {
                played += CastPlan.step(t - previous, limit);
            }
            previous = Math.max(previous, t);
            events.add(new Object[] {seconds(played), "o", Asciicast.terminalText(line)});
        }
        if (endMicros >= 0) {
            events.add(new Object[] {seconds(endMicros), "o", ""});
        }
        cacheIfEnded(exchange, session);
        return new Window(new Snapshot(terminal.columnsOrDefault(), terminal.rowsOrDefault(),
                CastSnapshot.before(db, session.sessionId(), from, terminal.rowsOrDefault())), events);
    }

    /** idle: seconds in [0.1, 3600], or off (or absent) for no cap. */
    private static long idleMicros(Params p) {
        String idle = p.text("idle");
        if (idle == null || idle.equals("off")) {
            return CastPlan.NO_LIMIT;
        }
        double seconds = p.decimal("idle", 0);
        if (seconds < MIN_IDLE || seconds > MAX_IDLE) {
            throw HttpError.badRequest("idle must be off or in [" + MIN_IDLE + ", " + MAX_IDLE + "] seconds, got "
                    + Params.clip(idle));
        }
        return Math.round(seconds * 1e6);
    }

    /** An ended session's windows do not change: the page and the player may share one answer for a minute. */
    private static void cacheIfEnded(HttpServerExchange exchange, Session session) {
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL,
                session.status().isEnded() ? "private, max-age=60" : "no-store");
    }

    private static double seconds(long micros) {
        return micros / 1e6;
    }
}
