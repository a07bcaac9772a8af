package dev.tapedeck.api.sse;

import dev.tapedeck.store.Database;
import dev.tapedeck.store.Session;
import dev.tapedeck.store.Stream;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * {@code /api/stream/session/{id}}: everything one session records, then {@code end}. A session
 * that has ended is sent from the database and closed; a running one is sent up to now and then
 * followed live until its final state change, after which a last read from the database makes
 * sure every line committed with it went out before {@code end}.
 */
final class SessionStream extends Follower {
    private final Database db;
    private final String sessionId;
    private final Set<StreamItem.Kind> kinds;
    private final Stream stream;
    private final SessionItems items;
    /** Set once a final state was seen; the next complete catch-up ends the stream. */
    private boolean ending;

    SessionStream(SseChannel channel, Tail tail, StreamCursor cursor, Database db, Session session,
                  Set<StreamItem.Kind> kinds, Stream stream) {
        super(channel, tail, cursor);
        this.db = db;
        this.sessionId = session.sessionId();
        this.kinds = kinds;
        this.stream = stream;
        this.items = new SessionItems(db, session, kinds, stream);
        this.ending = session.status().isEnded();
    }

    @Override
    boolean matches(StreamItem item) {
        if (!item.sessionId().equals(sessionId)) {
            return false;
        }
        if (item instanceof StreamItem.State state && state.isFinal()) {
            return true;
        }
        return kinds.contains(item.kind())
                && (stream == null || !(item instanceof StreamItem.Line line) || line.line().stream() == stream);
    }

    @Override
    boolean sends(StreamItem item) {
        return kinds.contains(item.kind());
    }

    @Override
    boolean wantsLines() {
        return kinds.contains(StreamItem.Kind.LINE);
    }

    @Override
    boolean wantsLinesOf(String id) {
        return wantsLines() && sessionId.equals(id);
    }

    @Override
    String kindName() {
        return "live";
    }

    @Override
    List<StreamItem> readAfter(StreamCursor at) {
        return items.readAfter(at);
    }

    @Override
    boolean finished(List<StreamItem> batch, boolean caughtUp) throws IOException {
        for (StreamItem item : batch) {
            if (item instanceof StreamItem.State state && state.isFinal()) {
                ending = true;
            }
        }
        if (!ending) {
            return false;
        }
        if (!caughtUp) {
            // A final state came live: read what was committed with it before ending.
            List<StreamItem> rest;
            while (!(rest = readAfter(cursor)).isEmpty()) {
                if (sendNew(rest).isEmpty()) {
                    throw new IllegalStateException("reading after cursor " + cursor.id() + " returned "
                            + rest.size() + " items none of which is after it");
                }
            }
        }
        Session session = db.sessions().get(sessionId);
        if (!session.status().isEnded()) {
            ending = false;
            return false;
        }
        sendLast("end", new End(sessionId, session.status().wireName(), session.exitCode(), session.endedAt()));
        return true;
    }

    /** The data of the {@code end} event. */
    record End(String sessionId, String status, Integer exitCode, Instant endedAt) {
    }
}
