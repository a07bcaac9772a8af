package dev.tapedeck.api.sse;

import dev.tapedeck.api.http.HttpError;
import dev.tapedeck.api.http.JsonRoute;
import dev.tapedeck.api.http.Params;
import dev.tapedeck.api.http.Routes;
import dev.tapedeck.api.http.SessionReferences;
import dev.tapedeck.store.Database;
import dev.tapedeck.store.ExtractionFilter;
import dev.tapedeck.store.RiskLevel;
import dev.tapedeck.store.RowIds;
import dev.tapedeck.store.Session;
import dev.tapedeck.store.SessionFilter;
import dev.tapedeck.store.Stream;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The live SSE routes. Each client gets a thread of its own (named {@code sse-live-N} or
 * {@code sse-events-N}) that lives exactly as long as its stream, so a disconnect leaves nothing
 * behind; {@link #close()} ends every open stream. Each takes one of the {@link StreamSlots} first.
 */
public final class StreamRoutes implements AutoCloseable {
    private static final HttpString LAST_EVENT_ID = new HttpString("Last-Event-ID");

    private final Database db;
    private final Tail tail;
    private final AtomicLong threads = new AtomicLong();
    private final Set<Follower> open = ConcurrentHashMap.newKeySet();
    private final Set<SessionListStream> listings = ConcurrentHashMap.newKeySet();
    private final StreamSlots slots;

    public StreamRoutes(Database db, Tail tail, StreamSlots slots) {
        this.db = db;
        this.tail = tail;
        this.slots = slots;
    }

    public void register(Routes routes) {
        routes.get("/api/stream/session/{id}", exchange -> start(exchange, "sse-live-", () -> sessionStream(exchange)));
        routes.get("/api/stream/session/{id}/asciicast",
                exchange -> start(exchange, "sse-live-", () -> castStream(exchange)));
        routes.get("/api/stream/events", exchange -> start(exchange, "sse-events-", () -> eventStream(exchange)));
        routes.get("/api/stream/sessions", this::startListing);
    }

    /** Open streams of a kind ({@code live}, {@code events} or {@code sessions}). */
    public long openStreams(String kind) {
        if (kind.equals("sessions")) {
            return listings.size();
        }
        return open.stream().filter(f -> f.kindName().equals(kind)).count();
    }

    /** {@code /api/stream/sessions}: the sessions page's live rows ({@link SessionListStream}). */
    private void startListing(HttpServerExchange exchange) {
        slots.dispatch(exchange, "sse-sessions-" + threads.incrementAndGet(), () -> {
            SessionListStream stream;
            try {
                Params p = Params.of(exchange, Set.of("agent", "host", "since", "until"));
                SessionFilter filter = SessionFilter.ALL.agent(p.text("agent")).host(p.text("host"))
                        .startedSince(p.time("since")).startedBefore(p.time("until"));
                stream = new SessionListStream(openChannel(exchange), tail, db, filter);
            } catch (RuntimeException | Error e) {
                JsonRoute.sendFailure(exchange, e);
                return;
            }
            listings.add(stream);
            try {
                stream.run();
            } finally {
                listings.remove(stream);
            }
        });
    }

    private void start(HttpServerExchange exchange, String threadPrefix, Supplier<Follower> follower) {
        slots.dispatch(exchange, threadPrefix + threads.incrementAndGet(), () -> {
            Follower f;
            try {
                f = follower.get();
            } catch (RuntimeException | Error e) {
                JsonRoute.sendFailure(exchange, e);
                return;
            }
            open.add(f);
            try {
                f.run();
            } finally {
                open.remove(f);
            }
        });
    }

    private Follower sessionStream(HttpServerExchange exchange) {
        Params p = Params.of(exchange, Set.of("kinds", "stream", "from"));
        String id = p.path("id");
        Session session = SessionReferences.require(db, id);
        Set<StreamItem.Kind> kinds = StreamItem.Kind.orAll(p.choice("kinds", StreamItem.Kind::parseList));
        Stream stream = p.choice("stream", Stream::parse);
        boolean fromNow = "now".equals(p.choice("from", StreamRoutes::from));
        StreamCursor cursor = lastEventId(exchange);
        if (cursor == null) {
            cursor = fromNow ? committedNow(session) : StreamCursor.start();
        }
        return new SessionStream(openChannel(exchange), tail, cursor, db, session, kinds, stream);
    }

    /**
     * A cursor past everything committed now (ids grow in commit order), so a stream from it sends
     * only what the session records next: for a page that read the rest already.
     */
    private StreamCursor committedNow(Session session) {
        RowIds latest = db.output().latestIds();
        StreamCursor cursor = StreamCursor.start();
        cursor.set(StreamItem.Kind.LINE, db.output().findFirstOfLastLines(session.sessionId(), 0) - 1);
        cursor.set(StreamItem.Kind.EXTRACTION, latest.extraction());
        cursor.set(StreamItem.Kind.CODE_BLOCK, latest.occurrence());
        cursor.set(StreamItem.Kind.STATE, latest.stateChange());
        return cursor;
    }

    private static String from(String text) {
        if (!text.equals("start") && !text.equals("now")) {
            throw new IllegalArgumentException("from must be start or now, got '" + text + "'");
        }
        return text;
    }

    private Follower castStream(HttpServerExchange exchange) {
        Params p = Params.of(exchange, Set.of());
        Session session = SessionReferences.require(db, p.path("id"));
        // Always from the start, Last-Event-ID or not: the player resets its terminal on the first
        // frame, so a resumed stream would leave it holding only what came after the break.
        return new CastStream(openChannel(exchange), tail, StreamCursor.start(), db, session);
    }

    private Follower eventStream(HttpServerExchange exchange) {
        Params p = Params.of(exchange, Set.of("agent", "session", "type", "pattern", "risk"));
        String session = p.text("session");
        ExtractionFilter filter = ExtractionFilter.ALL.agent(p.text("agent"))
                .session(session == null ? null : SessionReferences.require(db, session).sessionId())
                .type(p.text("type")).pattern(p.text("pattern")).risk(p.choice("risk", RiskLevel::parse));
        StreamCursor cursor = lastEventId(exchange);
        if (cursor == null) {
            RowIds latest = db.output().latestIds();
            cursor = StreamCursor.start();
            cursor.set(StreamItem.Kind.EXTRACTION, latest.extraction());
            cursor.set(StreamItem.Kind.STATE, latest.stateChange());
        }
        return new EventStream(openChannel(exchange), tail, cursor, db, filter);
    }

    static StreamCursor lastEventId(HttpServerExchange exchange) {
        String id = exchange.getRequestHeaders().getFirst(LAST_EVENT_ID);
        if (id == null || id.isBlank()) {
            return null;
        }
        try {
            return StreamCursor.parse(id.strip());
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest(e.getMessage());
        }
    }

    private static SseChannel openChannel(HttpServerExchange exchange) {
        try {
            return SseChannel.open(exchange);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("start event stream", e);
        }
    }

    @Override
    public void close() {
        for (Follower follower : open) {
            follower.channel().close();
        }
        for (SessionListStream listing : listings) {
            listing.channel().close();
        }
        SseChannel.awaitEmpty(open, TimeUnit.SECONDS.toNanos(2));
        SseChannel.awaitEmpty(listings, TimeUnit.SECONDS.toNanos(1));
    }
}
