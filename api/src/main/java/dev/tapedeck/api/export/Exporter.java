package dev.tapedeck.api.export;

import com.google.gson.JsonObject;
import com.google.gson.stream.JsonWriter;
import dev.tapedeck.api.http.Json;
import dev.tapedeck.api.sse.SessionItems;
import dev.tapedeck.api.sse.StreamCursor;
import dev.tapedeck.api.sse.StreamItem;
import dev.tapedeck.store.Database;
import dev.tapedeck.store.Extraction;
import dev.tapedeck.store.Session;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

/**
 * Writes one session in an export format, streaming: the session is read a page at a time, so an
 * export of millions of lines holds one page in memory. Used by the export route and by
 * {@code tapedeck export}.
 */
public final class Exporter {
    /** The export formats and their content types. */
    public enum Format {
        ASCIICAST("application/x-asciicast", "cast"), ASCIICAST_V3("application/x-asciicast", "cast"),
        NDJSON("application/x-ndjson", "ndjson"),
        CSV("text/csv; charset=UTF-8", "csv"), HAR("application/json", "har");

        private final String contentType;
        private final String extension;

        Format(String contentType, String extension) {
            this.contentType = contentType;
            this.extension = extension;
        }

        public String contentType() {
            return contentType;
        }

        public String extension() {
            return extension;
        }

        /** The name given with --format and format=: asciicast, asciicast-v3, ndjson, csv, har. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Format parse(String text) {
            for (Format f : values()) {
                if (f.wireName().equals(text)) {
                    return f;
                }
            }
            throw new IllegalArgumentException("format must be one of asciicast, asciicast-v3, ndjson, csv, har, got '"
                    + text + "'");
        }
    }

    private static final String[] CSV_COLUMNS = {"kind", "timestamp", "session_id", "line_number", "stream",
        "event_type", "pattern", "risk_level", "text"};

    /** Extraction events read at a time. */
    private static final int EVENT_PAGE = 500;

    private final Database db;
    private final Session session;

    public Exporter(Database db, Session session) {
        this.db = db;
        this.session = session;
    }

    public void write(Format format, OutputStream out) throws IOException {
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        switch (format) {
            case ASCIICAST -> new Asciicast(session).writeV2(writer, castItems());
            case ASCIICAST_V3 -> new Asciicast(session).writeV3(writer, castItems());
            case NDJSON -> ndjson(writer);
            case CSV -> csv(writer);
            case HAR -> har(writer);
            default -> throw new IllegalStateException(format.name());
        }
        writer.flush();
    }

    /** What an asciicast shows: lines, extraction events (markers) and state changes (resizes). */
    private Asciicast.Items castItems() {
        return each -> forEachItem(EnumSetOfKinds.of(StreamItem.Kind.LINE, StreamItem.Kind.EXTRACTION,
                StreamItem.Kind.STATE), each::accept);
    }

    /**
     * Calls each for every item in time order. Extraction events are read apart, in time order
     * (EventPages), and put in among the other kinds: the recorder commits them in time order, but
     * one that waited past its bound and the events of older recordings may have been committed
     * after later ones, and the other readers (streams, replays) page events by id.
     */
    private void forEachItem(EnumSetOfKinds kinds, ItemWriter each) throws IOException {
        java.util.Set<StreamItem.Kind> others = EnumSet.copyOf(kinds.set);
        EventPages events = others.remove(StreamItem.Kind.EXTRACTION) ? new EventPages() : null;
        if (!others.isEmpty()) {
            SessionItems items = new SessionItems(db, session, others, null);
            StreamCursor cursor = StreamCursor.start();
            List<StreamItem> page;
            while (!(page = items.readAfter(cursor)).isEmpty()) {
                for (StreamItem item : page) {
                    cursor.advance(item);
                    if (events != null) {
                        events.writeBefore(item, each);
                    }
                    each.write(item);
                }
            }
        }
        if (events != null) {
            events.writeBefore(null, each);
        }
    }

    /** The session's extraction events in time order, a page at a time. */
    private final class EventPages {
        private List<Extraction> page = List.of();
        private int next;
        private java.time.Instant lastAt = java.time.Instant.EPOCH;
        private long lastId;
        private boolean done;

        /**
         * Writes the events that come before item (all that are left when it is null): those of an
         * earlier time, and those of its time when item is of a kind sent after events at one instant.
         */
        void writeBefore(StreamItem item, ItemWriter each) throws IOException {
            Extraction event;
            while ((event = peek()) != null && (item == null || event.timestamp().isBefore(item.timestamp())
                    || event.timestamp().equals(item.timestamp())
                    && item.kind().compareTo(StreamItem.Kind.EXTRACTION) > 0)) {
                next++;
                lastAt = event.timestamp();
                lastId = event.id();
                each.write(new StreamItem.Event(event));
            }
        }

        private Extraction peek() {
            if (next == page.size() && !done) {
                page = db.extractions().listOfSessionAfter(session.sessionId(), lastAt, lastId, EVENT_PAGE);
                next = 0;
                done = page.size() < EVENT_PAGE;
            }
            return next < page.size() ? page.get(next) : null;
        }
    }

    private record EnumSetOfKinds(java.util.Set<StreamItem.Kind> set) {
        static EnumSetOfKinds of(StreamItem.Kind first, StreamItem.Kind... rest) {
            return new EnumSetOfKinds(EnumSet.of(first, rest));
        }

        static EnumSetOfKinds all() {
            return new EnumSetOfKinds(EnumSet.allOf(StreamItem.Kind.class));
        }
    }

    @FunctionalInterface
    private interface ItemWriter {
        void write(StreamItem item) throws IOException;
    }

    /** One JSON object per line and event, in order, each with its kind. */
    private void ndjson(Writer out) throws IOException {
        forEachItem(EnumSetOfKinds.all(), item -> {
            JsonObject object = new JsonObject();
            object.addProperty("kind", item.kind().wireName());
            Json.GSON.toJsonTree(item.view()).getAsJsonObject().entrySet()
                    .forEach(e -> object.add(e.getKey(), e.getValue()));
            Json.GSON.toJson(object, out);
            out.write('\n');
        });
    }

    /** RFC 4180: CRLF line ends, every field quoted, quotes doubled. */
    private void csv(Writer out) throws IOException {
        csvRow(out, CSV_COLUMNS);
        forEachItem(EnumSetOfKinds.all(), item -> {
            String[] row = new String[CSV_COLUMNS.length];
            row[0] = item.kind().wireName();
            row[1] = Json.time(item.timestamp());
            row[2] = item.sessionId();
            if (item instanceof StreamItem.Line line) {
                row[3] = Long.toString(line.line().number());
                row[4] = line.line().stream().wireName();
                row[8] = line.line().text();
            } else if (item instanceof StreamItem.Event event) {
                Extraction x = event.extraction();
                row[3] = x.lineNumber() == null ? "" : x.lineNumber().toString();
                row[5] = x.eventType();
                row[6] = x.pattern();
                row[7] = x.riskLevel() == null ? "" : x.riskLevel().wireName();
                row[8] = x.matchedValue();
            } else if (item instanceof StreamItem.Block block) {
                row[3] = Long.toString(block.sighting().lineStart());
                row[5] = "code_block";
                row[8] = block.sighting().content();
            } else if (item instanceof StreamItem.State state) {
                row[5] = "state";
                row[8] = state.change().state();
            }
            csvRow(out, row);
        });
    }

    private static void csvRow(Writer out, String[] fields) throws IOException {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            String field = fields[i] == null ? "" : fields[i];
            out.write('"');
            out.write(field.replace("\"", "\"\""));
            out.write('"');
        }
        out.write("\r\n");
    }

    /**
     * HAR 1.2, one entry per recorded item: the request names the item
     * ({@code GET tapedeck://session/ID/line/N}), the response carries its JSON. HAR viewers (browser
     * developer tools, HAR analyzers) then show a session as a timeline, filterable by kind.
     */
    private void har(Writer out) throws IOException {
        JsonWriter json = new JsonWriter(out);
        json.beginObject().name("log").beginObject();
        json.name("version").value("1.2");
        json.name("creator").beginObject().name("name").value("tapedeck").name("version")
                .value(dev.tapedeck.api.Main.Version.current()).endObject();
        json.name("pages").beginArray().beginObject()
                .name("startedDateTime").value(Json.time(session.startedAt()))
                .name("id").value(session.sessionId())
                .name("title").value(session.agentName() + ": " + session.commandLine())
                .name("pageTimings").beginObject().endObject()
                .endObject().endArray();
        json.name("entries").beginArray();
        forEachItem(EnumSetOfKinds.all(), item -> harEntry(json, item));
        json.endArray().endObject().endObject();
        json.flush();
    }

    private void harEntry(JsonWriter json, StreamItem item) throws IOException {
        String body = Json.write(item.view());
        json.beginObject();
        json.name("pageref").value(session.sessionId());
        json.name("startedDateTime").value(Json.time(item.timestamp()));
        json.name("time").value(0);
        json.name("request").beginObject()
                .name("method").value("GET")
                .name("url").value("tapedeck://session/" + session.sessionId() + "/" + item.kind().wireName() + "/"
                        + item.position())
                .name("httpVersion").value("HTTP/1.1")
                .name("cookies").beginArray().endArray()
                .name("headers").beginArray().endArray()
                .name("queryString").beginArray().endArray()
                .name("headersSize").value(-1).name("bodySize").value(0)
                .endObject();
        json.name("response").beginObject()
                .name("status").value(200).name("statusText").value(item.kind().wireName())
                .name("httpVersion").value("HTTP/1.1")
                .name("cookies").beginArray().endArray()
                .name("headers").beginArray().endArray()
                .name("content").beginObject().name("size").value(body.getBytes(StandardCharsets.UTF_8).length)
                .name("mimeType").value("application/json").name("text").value(body).endObject()
                .name("redirectURL").value("").name("headersSize").value(-1).name("bodySize").value(-1)
                .endObject();
        json.name("cache").beginObject().endObject();
        json.name("timings").beginObject().name("send").value(0).name("wait").value(0).name("receive").value(0)
                .endObject();
        json.endObject();
    }
}
