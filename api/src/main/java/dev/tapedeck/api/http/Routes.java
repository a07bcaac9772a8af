package dev.tapedeck.api.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.util.AttachmentKey;
import io.undertow.util.PathTemplateMatcher;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every route of the daemon, registered in one place. Path parameters are not copied into the query
 * parameters, so a route sees exactly what the client put after {@code ?}. A path no route matches
 * is a 404 and a known path asked with another method a 405 with {@code Allow}, both as JSON.
 */
public final class Routes {
    /** The template of the route that took the request, for metrics labels. */
    public static final AttachmentKey<String> TEMPLATE = AttachmentKey.create(String.class);

    private final RoutingHandler routing = new RoutingHandler(false);
    private final PathTemplateMatcher<Set<String>> methods = new PathTemplateMatcher<>();

    public Routes() {
        routing.setFallbackHandler(JsonRoute::sendNotFound);
        routing.setInvalidMethodHandler(this::sendWrongMethod);
    }

    public Routes get(String template, HttpHandler handler) {
        return add("GET", template, handler);
    }

    public Routes post(String template, HttpHandler handler) {
        return add("POST", template, handler);
    }

    private Routes add(String method, String template, HttpHandler handler) {
        routing.add(method, template, exchange -> {
            exchange.putAttachment(TEMPLATE, template);
            handler.handleRequest(exchange);
        });
        PathTemplateMatcher.PathMatchResult<Set<String>> known = methods.match(template);
        if (known != null && known.getMatchedTemplate().equals(template)) {
            known.getValue().add(method);
        } else {
            Set<String> set = new TreeSet<>();
            set.add(method);
            methods.add(template, set);
        }
        return this;
    }

    public RoutingHandler handler() {
        return routing;
    }

    private void sendWrongMethod(HttpServerExchange exchange) {
        PathTemplateMatcher.PathMatchResult<Set<String>> match = methods.match(exchange.getRelativePath());
        JsonRoute.sendWrongMethod(exchange, match == null ? "GET" : String.join(", ", match.getValue()));
    }
}
