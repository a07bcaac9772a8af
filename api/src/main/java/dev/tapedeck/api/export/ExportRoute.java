package dev.tapedeck.api.export;

import dev.tapedeck.api.http.HttpError;
import dev.tapedeck.api.http.JsonRoute;
import dev.tapedeck.api.http.Params;
import dev.tapedeck.api.http.Routes;
import dev.tapedeck.api.http.SessionReferences;
import dev.tapedeck.store.Database;
import dev.tapedeck.store.Session;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Set;

/** {@code GET /api/replay/export/{id}?format=}: a session as a download, streamed as it is read. */
public final class ExportRoute {
    private final Database db;

    public ExportRoute(Database db) {
        this.db = db;
    }

    public void register(Routes routes) {
        routes.get("/api/replay/export/{id}", this::export);
    }

    private void export(HttpServerExchange exchange) {
        if (exchange.isInIoThread()) {
            exchange.dispatch(this::export);
            return;
        }
        Session session;
        Exporter.Format format;
        try {
            Params p = Params.of(exchange, Set.of("format"));
            String id = p.path("id");
            session = SessionReferences.require(db, id);
            format = p.choice("format", Exporter.Format::parse);
            format = format == null ? Exporter.Format.NDJSON : format;
        } catch (RuntimeException e) {
            JsonRoute.sendFailure(exchange, e);
            return;
        }
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, format.contentType());
        exchange.getResponseHeaders().put(Headers.CONTENT_DISPOSITION,
                "attachment; filename=\"" + session.sessionId().replaceAll("[^A-Za-z0-9._-]", "_") + "."
                        + format.extension() + "\"");
        exchange.startBlocking();
        try (OutputStream out = exchange.getOutputStream()) {
            new Exporter(db, session).write(format, out);
        } catch (IOException | RuntimeException e) {
            JsonRoute.sendFailure(exchange, e instanceof IOException ? new HttpError(500, "export failed",
                    "the export was cut short") : e);
        }
    }
}
