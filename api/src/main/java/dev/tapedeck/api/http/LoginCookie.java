package dev.tapedeck.api.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.Cookie;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The browser's side of {@link Access}: which paths are open without a token (the login page and
 * the dashboard's assets, which hold no recorded data), which are pages (sent to the login page
 * rather than answered 401), and whether a request carries the login cookie.
 */
public final class LoginCookie {
    private static final HttpString SEC_FETCH_SITE = new HttpString("Sec-Fetch-Site");

    private LoginCookie() {
    }

    /** An HMAC-SHA256 of the token under a key drawn now: a fresh cookie value for each daemon run. */
    static String valueFor(byte[] token) {
        try {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(token));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java has HmacSHA256", e);
        }
    }

    static boolean isOpen(String path) {
        return path.equals("/login") || path.startsWith("/assets/");
    }

    /** A GET of a dashboard page: without a token it goes to the login page. */
    static boolean isPage(HttpServerExchange exchange) {
        String path = exchange.getRequestPath();
        return exchange.getRequestMethod().equals(Methods.GET) && (path.equals("/") || path.equals("/search") || path.equals("/agents")
                || path.startsWith("/sessions/"));
    }

    static void sendToLogin(HttpServerExchange exchange) {
        exchange.setStatusCode(303);
        exchange.getResponseHeaders().put(Headers.LOCATION, "/login");
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        exchange.endExchange();
    }

    /**
     * Whether the request carries the login cookie (compared in constant time); a request that is
     * not a GET or HEAD must also come from this daemon's origin, since another port of the same
     * host is the same site and would send the cookie along.
     */
    static boolean carries(HttpServerExchange exchange, byte[] cookieDigest) {
        if (cookieDigest == null) {
            return false;
        }
        Cookie cookie = exchange.getRequestCookie(Access.COOKIE);
        if (cookie == null || cookie.getValue() == null) {
            return false;
        }
        boolean safe = exchange.getRequestMethod().equals(Methods.GET) || exchange.getRequestMethod().equals(Methods.HEAD);
        return (safe || sameOrigin(exchange)) && MessageDigest.isEqual(
                Access.sha256(cookie.getValue().getBytes(StandardCharsets.UTF_8)), cookieDigest);
    }

    /**
     * Whether a browser says the request comes from this daemon's own pages: {@code Sec-Fetch-Site:
     * same-origin}, or an {@code Origin} equal to this daemon's as the browser reached it. Under
     * the pages' {@code Referrer-Policy: no-referrer} a browser sends {@code Origin: null} with a
     * form's POST, so the fetch metadata header is what a browser of the last years gives; one that
     * sends neither is refused.
     */
    public static boolean sameOrigin(HttpServerExchange exchange) {
        if ("same-origin".equals(exchange.getRequestHeaders().getFirst(SEC_FETCH_SITE))) {
            return true;
        }
        String origin = exchange.getRequestHeaders().getFirst(Headers.ORIGIN);
        String host = exchange.getRequestHeaders().getFirst(Headers.HOST);
        return origin != null && host != null && origin.equals(exchange.getRequestScheme() + "://" + host);
    }
}
