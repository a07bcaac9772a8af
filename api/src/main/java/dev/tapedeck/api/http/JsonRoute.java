package dev.tapedeck.api.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adapts a handler that returns a response record into an Undertow handler: runs it off the IO
 * thread (it reads the database), writes the record as JSON, and maps every failure to the JSON
 * error body. Unknown exceptions are a 500 whose stack trace goes to the log, never to the client.
 */
public final class JsonRoute implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(JsonRoute.class);
    private static final HttpString ALLOW = new HttpString("Allow");
    /** How long the body took (nanoseconds), for the query-duration metric. */
    public static final AttachmentKey<Long> BODY_NANOS = AttachmentKey.create(Long.class);

    /** A handler body: reads the request and returns what to send (serialised by {@link Json}). */
    @FunctionalInterface
    public interface Body {
        Object handle(HttpServerExchange exchange) throws Exception;
    }

    private final Body body;

    private JsonRoute(Body body) {
        this.body = body;
    }

    public static JsonRoute of(Body body) {
        return new JsonRoute(body);
    }


    @Override
    public void handleRequest(HttpServerExchange exchange) {
        if (exchange.isInIoThread()) {
            exchange.dispatch(this);
            return;
        }
        Object response;
        long start = System.nanoTime();
        try {
            response = body.handle(exchange);
        } catch (Exception | Error failure) {
            sendFailure(exchange, failure);
            return;
        } finally {
            exchange.putAttachment(BODY_NANOS, System.nanoTime() - start);
        }
        send(exchange, 200, Json.write(response));
    }

    /** Sends the error body for failure, unless the response has already started. */
    public static void sendFailure(HttpServerExchange exchange, Throwable failure) {
        HttpError error = asHttpError(exchange, failure);
        if (exchange.isResponseStarted()) {
            org.xnio.IoUtils.safeClose(exchange.getConnection());
            return;
        }
        send(exchange, error.status(), Json.write(error.body()));
    }

    static HttpError asHttpError(HttpServerExchange exchange, Throwable failure) {
        if (failure instanceof HttpError error) {
            return error;
        }
        if (failure instanceof IllegalArgumentException bad) {
            // The store's own checks (a cursor it did not issue, until before since, ...).
            return HttpError.badRequest(Params.clip(bad.getMessage()));
        }
        LOG.error("{} {} failed", exchange.getRequestMethod(), exchange.getRequestPath(), failure);
        return new HttpError(500, "internal server error", "the server failed; the detail is in its log");
    }

    public static void send(HttpServerExchange exchange, int status, String json) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json; charset=UTF-8");
        exchange.getResponseSender().send(json, StandardCharsets.UTF_8);
    }

    /** The answer for a path no route matches. */
    public static void sendNotFound(HttpServerExchange exchange) {
        send(exchange, 404, Json.write(HttpError.notFound("no route for " + exchange.getRequestMethod() + " "
                + Params.clip(exchange.getRequestPath())).body()));
    }

    /** The answer for a route asked with a method it does not take. */
    public static void sendWrongMethod(HttpServerExchange exchange, String allowed) {
        exchange.getResponseHeaders().put(ALLOW, allowed);
        send(exchange, 405, Json.write(new HttpError(405, "method not allowed", Params.clip(exchange.getRequestPath())
                + " does not take " + exchange.getRequestMethod() + "; it takes " + allowed).body()));
    }
}
