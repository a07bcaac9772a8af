package dev.tapedeck.api.export;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.tapedeck.api.http.Json;
import dev.tapedeck.api.sse.StreamItem;
import dev.tapedeck.store.Extraction;
import dev.tapedeck.store.OutputLine;
import dev.tapedeck.store.Session;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * A session as an asciicast (https://docs.asciinema.org/manual/asciicast/v2 and .../v3): a header
 * line, then one {@code [time, code, data]} event per line, in the order the session's items come
 * (lines, extraction events and state changes, interleaved by time): {@code o} for the raw output,
 * {@code m} markers named from extraction events, {@code r} for the terminal's resizes
 * ({@code "COLSxROWS"}), {@code i} for what the user typed (recorded with --record-input), and in
 * v3 {@code x} with the exit status at the end. v2 gives each event's
 * time since the start; v3 the interval since the event before (never negative: the exporter gives
 * items in time order; should one come earlier than the one before, it gets 0). The size is the recorded terminal's, or the common default of
 * 120x40 when none was recorded (pipes). A lone LF becomes CR LF, as a terminal's line discipline
 * would have made it.
 */
final class Asciicast {
    /** Calls back for each of the session's lines, extraction events and state changes, in order. */
    @FunctionalInterface
    interface Items {
        void forEach(Each each) throws IOException;
    }

    @FunctionalInterface
    interface Each {
        void accept(StreamItem item) throws IOException;
    }

    private final Session session;
    private final RecordedTerminal terminal;

    Asciicast(Session session) {
        this.session = session;
        this.terminal = RecordedTerminal.of(session);
    }

    void writeV2(Writer out, Items items) throws IOException {
        JsonObject header = new JsonObject();
        header.addProperty("version", 2);
        header.addProperty("width", terminal.columnsOrDefault());
        header.addProperty("height", terminal.rowsOrDefault());
        header.addProperty("timestamp", session.startedAt().getEpochSecond());
        header.addProperty("title", title());
        JsonObject env = new JsonObject();
        if (terminal.term() != null) {
            env.addProperty("TERM", terminal.term());
        }
        if (terminal.shell() != null) {
            env.addProperty("SHELL", terminal.shell());
        }
        if (env.size() > 0) {
            header.add("env", env);
        }
        out.write(header.toString());
        out.write('\n');
        items.forEach(item -> {
            String[] event = event(item);
            if (event != null) {
                write(out, seconds(session.startedAt(), item.timestamp()), event);
            }
        });
    }

    void writeV3(Writer out, Items items) throws IOException {
        JsonObject term = new JsonObject();
        term.addProperty("cols", terminal.columnsOrDefault());
        term.addProperty("rows", terminal.rowsOrDefault());
        if (terminal.term() != null) {
            term.addProperty("type", terminal.term());
        }
        JsonObject header = new JsonObject();
        header.addProperty("version", 3);
        header.add("term", term);
        header.addProperty("timestamp", session.startedAt().getEpochSecond());
        header.addProperty("command", session.commandLine());
        header.addProperty("title", title());
        if (terminal.shell() != null) {
            JsonObject env = new JsonObject();
            env.addProperty("SHELL", terminal.shell());
            header.add("env", env);
        }
        out.write(header.toString());
        out.write('\n');
        Instant[] previous = {session.startedAt()};
        items.forEach(item -> {
            String[] event = event(item);
            if (event != null) {
                write(out, seconds(previous[0], item.timestamp()), event);
                if (item.timestamp().isAfter(previous[0])) {
                    previous[0] = item.timestamp();
                }
            }
        });
        if (session.exitCode() != null) {
            Instant end = session.endedAt() == null ? previous[0] : session.endedAt();
            write(out, seconds(previous[0], end), new String[] {"x", Integer.toString(session.exitCode())});
        }
    }

    private String title() {
        return session.agentName() + ": " + session.commandLine();
    }

    /** The code and data of an item's event, or null for an item that has none. */
    private static String[] event(StreamItem item) {
        if (item instanceof StreamItem.Line line) {
            return new String[] {"o", terminalText(line.line())};
        }
        if (item instanceof StreamItem.State state) {
            if (state.change().state().equals("input")) {
                String typed = metadataText(state.change().metadataJson(), "text");
                return typed == null ? null : new String[] {"i", typed};
            }
            String size = resize(state.change().state(), state.change().metadataJson());
            return size == null ? null : new String[] {"r", size};
        }
        if (item instanceof StreamItem.Event event) {
            Extraction x = event.extraction();
            return new String[] {"m", x.eventType() + ": " + (x.matchedValue() == null ? x.pattern() : x.matchedValue())};
        }
        return null;
    }

    private static void write(Writer out, String time, String[] event) throws IOException {
        out.write("[" + time + ", \"" + event[0] + "\", " + Json.GSON.toJson(event[1]) + "]\n");
    }

    /** "COLSxROWS" of a {@code resized} state change, or null for any other change. */
    private static String resize(String state, String metadataJson) {
        if (!state.equals("resized") || metadataJson == null) {
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

    /** A string member of a state change's metadata, or null. */
    private static String metadataText(String metadataJson, String name) {
        try {
            return JsonParser.parseString(metadataJson).getAsJsonObject().get(name).getAsString();
        } catch (RuntimeException e) {
            // No readable text: nothing to give a player.
            return null;
        }
    }

    static String terminalText(OutputLine line) {
        String text = new String(line.rawBytes(), StandardCharsets.UTF_8);
        StringBuilder crlf = new StringBuilder(text.length() + 2);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' && (i == 0 || text.charAt(i - 1) != '\r')) {
                crlf.append('\r');
            }
            crlf.append(c);
        }
        return crlf.toString();
    }

    /** Seconds from from to at, with microseconds; 0 when at is not after from. */
    private static String seconds(Instant from, Instant at) {
        long micros = Math.max(0, Duration.between(from, at).toNanos() / 1_000);
        return String.format(Locale.ROOT, "%d.%06d", micros / 1_000_000, micros % 1_000_000);
    }
}
