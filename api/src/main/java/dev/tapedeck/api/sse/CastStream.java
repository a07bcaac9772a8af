package dev.tapedeck.api.sse;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.tapedeck.api.export.RecordedTerminal;
import dev.tapedeck.store.Database;
import dev.tapedeck.store.Session;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * {@code /api/stream/session/{id}/asciicast}: a session's terminal output as asciinema-player's
 * {@code eventsource} driver reads it, so the session page can follow a running session. First a
 * {@code message} {@code {"cols", "rows", "time"}} (the recorded size, and the seconds since the
 * start now: everything before is drawn at once), then one {@code message} per line
 * {@code [seconds since the start, "o", raw text]} and per resize {@code [t, "r", "COLSxROWS"]},
 * and {@code done} when the session has ended and every line committed with its end was sent.
 * The frames are those of the asciicast v2 export (raw bytes, a lone LF made CR LF). Each frame's
 * {@code id} is the stream cursor, so a reconnect resumes as on {@code /api/stream/session/{id}}.
 */
final class CastStream extends Follower {
    private static final Set<StreamItem.Kind> KINDS = Set.of(StreamItem.Kind.LINE, StreamItem.Kind.STATE);

    private final Database db;
    private final Session session;
    private final SessionItems items;
    /** Set once a final state was seen; the next complete catch-up ends the stream. */
    private boolean ending;
    private boolean reset;

    CastStream(SseChannel channel, Tail tail, StreamCursor cursor, Database db, Session session) {
        super(channel, tail, cursor);
        this.db = db;
        this.session = session;
        this.items = new SessionItems(db, session, KINDS, null);
        this.ending = session.status().isEnded();
    }

    @Override
    boolean matches(StreamItem item) {
        return item.sessionId().equals(session.sessionId()) && KINDS.contains(item.kind());
    }

    @Override
    boolean sends(StreamItem item) {
        return true;
    }

    @Override
    boolean wantsLines() {
        return true;
    }

    @Override
    boolean wantsLinesOf(String id) {
        return session.sessionId().equals(id);
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
    void send(StreamItem item) throws IOException {
        sendReset();
        JsonArray event = event(item);
        if (event != null) {
            channel().send("message", cursor.id(), event.toString());
        }
    }

    private void sendReset() throws IOException {
        if (reset) {
            return;
        }
        reset = true;
        RecordedTerminal terminal = RecordedTerminal.of(session);
        JsonObject size = new JsonObject();
        size.addProperty("cols", terminal.columnsOrDefault());
        size.addProperty("rows", terminal.rowsOrDefault());
        size.addProperty("time", seconds(Instant.now()));
        channel().send("message", cursor.id(), size.toString());
    }

    @Override
    boolean finished(List<StreamItem> batch, boolean caughtUp) throws IOException {
        sendReset();
        for (StreamItem item : batch) {
            if (item instanceof StreamItem.State state && state.isFinal()) {
                ending = true;
            }
        }
        if (!ending) {
            channel().flush();
            return false;
        }
        if (!caughtUp) {
            // A final state came live: send what was committed with it before ending.
            List<StreamItem> rest;
            while (!(rest = readAfter(cursor)).isEmpty()) {
                if (sendNew(rest).isEmpty()) {
                    throw new IllegalStateException("reading after cursor " + cursor.id() + " returned "
                            + rest.size() + " items none of which is after it");
                }
            }
        }
        if (!db.sessions().get(session.sessionId()).status().isEnded()) {
            ending = false;
            return false;
        }
        sendLast("done", new JsonObject());
        return true;
    }

    private JsonArray event(StreamItem item) {
        JsonArray event = new JsonArray();
        event.add(seconds(item.timestamp()));
        if (item instanceof StreamItem.Line line) {
            event.add("o");
            event.add(crlf(new String(line.line().rawBytes(), StandardCharsets.UTF_8)));
            return event;
        }
        if (item instanceof StreamItem.State state && state.change().state().equals("resized")) {
            String size = size(state.change().metadataJson());
            if (size != null) {
                event.add("r");
                event.add(size);
                return event;
            }
        }
        return null;
    }

    private double seconds(Instant at) {
        return Math.max(0, Duration.between(session.startedAt(), at).toNanos() / 1_000) / 1e6;
    }

    /** A lone LF as CR LF, as a terminal's line discipline made it (the same as the asciicast export). */
    private static String crlf(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' && (i == 0 || text.charAt(i - 1) != '\r')) {
                out.append('\r');
            }
            out.append(c);
        }
        return out.toString();
    }

    private static String size(String metadataJson) {
        if (metadataJson == null) {
            return null;
        }
        try {
            JsonObject size = JsonParser.parseString(metadataJson).getAsJsonObject();
            return size.get("columns").getAsInt() + "x" + size.get("rows").getAsInt();
        } catch (RuntimeException e) {
            // A resize without a readable size: nothing to tell a player.
            return null;
        }
    }
}
