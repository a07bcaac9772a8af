package dev.tapedeck.api.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Who may use the daemon, in front of every route: with a token, every route but
 * {@code /api/health}, the login page and the dashboard's assets needs {@code Authorization:
 * Bearer TOKEN} (compared in constant time) or the login cookie, and {@code /metrics} also takes a
 * token of its own when one is set. CORS headers are sent only when an origin is configured; then
 * preflight requests are answered here.
 *
 * <p>The login cookie ({@link #COOKIE}) is what a browser gets for posting the token to
 * {@code /login}: an HMAC of the token under a key drawn when the daemon starts, so it never
 * reveals the token and no longer opens anything once the daemon restarts or the token changes.
 * It is HttpOnly and SameSite=Strict; since other ports of the same host are the same site, a
 * request it authorises that is not a GET must also come from this daemon's own origin.
 */
public final class Access implements HttpHandler {
    /**
     * The access settings.
     *
     * @param token        the bearer token every route but health needs; null for none (loopback only)
     * @param metricsToken a token that also opens {@code /metrics}; null for none
     * @param corsOrigin   the origin allowed to call from a browser; null sends no CORS headers
     */
    public record Settings(byte[] token, byte[] metricsToken, String corsOrigin) {
        public Settings {
            if (metricsToken != null && token == null) {
                throw new IllegalArgumentException("a metrics token needs a token for the other routes too");
            }
            if (corsOrigin != null && (corsOrigin.isBlank() || corsOrigin.chars().anyMatch(c -> c < 0x21 || c > 0x7e))) {
                throw new IllegalArgumentException("cors origin must be an origin such as https://example.com or *,"
                        + " got '" + corsOrigin + "'");
            }
        }

        public static final Settings OPEN = new Settings(null, null, null);
    }

    private static final HttpString ALLOW_ORIGIN = new HttpString("Access-Control-Allow-Origin");
    private static final HttpString ALLOW_METHODS = new HttpString("Access-Control-Allow-Methods");
    private static final HttpString ALLOW_HEADERS = new HttpString("Access-Control-Allow-Headers");
    private static final HttpString MAX_AGE = new HttpString("Access-Control-Max-Age");
    private static final HttpString VARY = new HttpString("Vary");

    private static final AttachmentKey<Boolean> TOKEN_GIVEN = AttachmentKey.create(Boolean.class);
    /** The name of the login cookie. */
    public static final String COOKIE = "tapedeck_session";

    private final HttpHandler next;
    private final Settings settings;
    // Tokens are compared as SHA-256 digests: equal lengths, so the comparison's time tells nothing.
    private final byte[] tokenDigest;
    private final byte[] metricsTokenDigest;
    // The login cookie's value (null without a token) and its digest, for constant-time comparison.
    private final String cookieValue;
    private final byte[] cookieDigest;

    public Access(HttpHandler next, Settings settings) {
        this.next = next;
        this.settings = settings;
        this.tokenDigest = settings.token() == null ? null : sha256(settings.token());
        this.metricsTokenDigest = settings.metricsToken() == null ? null : sha256(settings.metricsToken());
        this.cookieValue = settings.token() == null ? null : LoginCookie.valueFor(settings.token());
        this.cookieDigest = cookieValue == null ? null : sha256(cookieValue.getBytes(StandardCharsets.US_ASCII));
    }

    /** Whether the daemon needs a token at all. */
    public boolean needsToken() {
        return settings.token() != null;
    }

    /** Whether given is the daemon's main token (constant time); false when it has none. */
    public boolean isToken(byte[] given) {
        return tokenDigest != null && MessageDigest.isEqual(sha256(given), tokenDigest);
    }

    /** The value of the login cookie that {@link #isToken} earns; null without a token. */
    public String cookieValue() {
        return cookieValue;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (settings.corsOrigin() != null) {
            exchange.getResponseHeaders().put(ALLOW_ORIGIN, settings.corsOrigin());
            exchange.getResponseHeaders().put(VARY, "Origin");
            if (exchange.getRequestMethod().equals(Methods.OPTIONS)
                    && exchange.getRequestHeaders().contains("Access-Control-Request-Method")) {
                exchange.getResponseHeaders().put(ALLOW_METHODS, "GET, POST");
                exchange.getResponseHeaders().put(ALLOW_HEADERS, "Authorization, Content-Type, Last-Event-ID");
                exchange.getResponseHeaders().put(MAX_AGE, "600");
                exchange.setStatusCode(204);
                exchange.endExchange();
                return;
            }
        }
        String path = exchange.getRequestPath();
        if (settings.token() == null) {
            next.handleRequest(exchange);
            return;
        }
        boolean token = carriesToken(exchange) || LoginCookie.carries(exchange, cookieDigest);
        if (token || path.equals("/api/health") || LoginCookie.isOpen(path) || allowed(exchange, path)) {
            if (token) {
                exchange.putAttachment(TOKEN_GIVEN, Boolean.TRUE);
            }
            next.handleRequest(exchange);
            return;
        }
        if (LoginCookie.isPage(exchange)) {
            LoginCookie.sendToLogin(exchange);
            return;
        }
        exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer realm=\"tapedeck\"");
        boolean sent = exchange.getRequestHeaders().contains(Headers.AUTHORIZATION);
        JsonRoute.send(exchange, 401, Json.write(new HttpError(401, "unauthorized", sent
                ? "the bearer token is not valid for " + Params.clip(path)
                : "this daemon needs an Authorization: Bearer token; only /api/health is open").body()));
    }

    /**
     * Whether the request carries the daemon's token: never when the daemon has none, since a
     * loopback daemon without a token answers anyone who can reach the port, a web page included.
     */
    public static boolean carriedToken(HttpServerExchange exchange) {
        return Boolean.TRUE.equals(exchange.getAttachment(TOKEN_GIVEN));
    }

    private boolean carriesToken(HttpServerExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) && MessageDigest.isEqual(
                sha256(header.substring(7).strip().getBytes(StandardCharsets.UTF_8)), tokenDigest);
    }

    private boolean allowed(HttpServerExchange exchange, String path) {
        String header = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] given = sha256(header.substring(7).strip().getBytes(StandardCharsets.UTF_8));
        boolean ok = MessageDigest.isEqual(given, tokenDigest);
        if (path.equals("/metrics") && metricsTokenDigest != null) {
            ok |= MessageDigest.isEqual(given, metricsTokenDigest);
        }
        return ok;
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
