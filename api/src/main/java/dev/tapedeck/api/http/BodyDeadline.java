package dev.tapedeck.api.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.concurrent.TimeUnit;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;

/**
 * The time a request's body may take to arrive, in front of every route. Undertow's header timeout
 * stops at the end of the header, so a body trickled a byte at a time held its connection for as
 * long as its client liked (and, while the replay controls read bodies blocking, a worker thread:
 * 16 of them left every query unanswered). So a request that has a body gets a timer on its IO
 * thread when its header is in: if the body has not been read whole when it fires, the connection
 * is closed. Closing does not wake a worker blocked in a read, so routes that take a body read it
 * on the IO thread ({@code receiveFullBytes}) before a worker takes them. A request without a body
 * (every GET a browser or curl sends) costs nothing here.
 */
public final class BodyDeadline implements HttpHandler {
    private final HttpHandler next;
    private final long millis;

    public BodyDeadline(HttpHandler next, long millis) {
        if (millis < 1) {
            throw new IllegalArgumentException("body deadline must be at least 1 ms, got " + millis);
        }
        this.next = next;
        this.millis = millis;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (!exchange.isRequestComplete()) {
            XnioExecutor.Key timer = exchange.getIoThread().executeAfter(() -> {
                if (!exchange.isRequestComplete()) {
                    IoUtils.safeClose(exchange.getConnection());
                }
            }, millis, TimeUnit.MILLISECONDS);
            exchange.addExchangeCompleteListener((done, nextListener) -> {
                timer.remove();
                nextListener.proceed();
            });
        }
        next.handleRequest(exchange);
    }
}
