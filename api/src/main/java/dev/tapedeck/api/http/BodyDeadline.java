package dev.tapedeck.api.http;

import io.undertow.io.Receiver;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import java.util.concurrent.TimeUnit;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;

/**
 * A request's body, in front of every route: read whole on the IO thread (at most
 * {@link #MAX_BODY_BYTES}, chunked or not) before any route sees the request, and within the
 * header timeout of the header's end. Undertow's header timeout stops at the end of the header, and
 * a worker thread that reads a body blocking (the replay controls did) or drains an unread one at
 * the end of a blocking response (the exports) waited for as long as a client trickled it: 16 such
 * requests held all 16 workers and every query went unanswered. Closing the connection does not
 * wake a worker blocked in a read, so no worker reads a body any more: the routes that take one
 * get it from {@link #body}. A request without a body (every GET a browser or curl sends) passes
 * straight through. A client that sends {@code Expect: 100-continue} and waits for it gets it when
 * this starts reading (Undertow's HttpContinueReadHandler, in front): it would otherwise wait past
 * the deadline and be cut off.
 */
public final class BodyDeadline implements HttpHandler {
    /** The largest body taken; only the replay controls use one. */
    public static final int MAX_BODY_BYTES = 64 * 1024;
    private static final AttachmentKey<byte[]> BODY = AttachmentKey.create(byte[].class);
    private static final byte[] NONE = new byte[0];

    private final HttpHandler next;
    private final long millis;

    public BodyDeadline(HttpHandler next, long millis) {
        if (millis < 1) {
            throw new IllegalArgumentException("body deadline must be at least 1 ms, got " + millis);
        }
        this.next = next;
        this.millis = millis;
    }

    /** The request's body as read before the route ran; empty when it had none. */
    public static byte[] body(HttpServerExchange exchange) {
        byte[] body = exchange.getAttachment(BODY);
        return body == null ? NONE : body;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (exchange.isRequestComplete()) {
            next.handleRequest(exchange);
            return;
        }
        XnioExecutor.Key timer = exchange.getIoThread().executeAfter(() -> {
            if (!exchange.isRequestComplete()) {
                IoUtils.safeClose(exchange.getConnection());
            }
        }, millis, TimeUnit.MILLISECONDS);
        Receiver receiver = exchange.getRequestReceiver();
        receiver.setMaxBufferSize(MAX_BODY_BYTES);
        // Set and read on this IO thread only: whether the body came while this call still runs.
        boolean[] returned = {false};
        receiver.receiveFullBytes((received, bytes) -> {
            timer.remove();
            received.putAttachment(BODY, bytes);
            if (returned[0]) {
                // Later, from a read on the IO thread (Undertow keeps the exchange open meanwhile).
                try {
                    next.handleRequest(received);
                } catch (Exception failure) {
                    JsonRoute.sendFailure(received, failure);
                }
            }
        }, (failed, e) -> {
            timer.remove();
            if (e instanceof Receiver.RequestToLargeException) {
                JsonRoute.sendFailure(failed, new HttpError(413, "payload too large",
                        "the body must be at most " + MAX_BODY_BYTES + " bytes"));
            } else {
                // The client went away, or the timer closed the connection: no one to answer.
                IoUtils.safeClose(failed.getConnection());
            }
        });
        returned[0] = true;
        if (exchange.getAttachment(BODY) != null) {
            // The body was there already: the route runs within this call, as Undertow expects.
            next.handleRequest(exchange);
        }
    }
}
