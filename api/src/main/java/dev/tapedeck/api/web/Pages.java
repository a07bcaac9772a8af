package dev.tapedeck.api.web;

import dev.tapedeck.api.http.Access;
import dev.tapedeck.api.http.BodyDeadline;
import dev.tapedeck.api.http.HttpError;
import dev.tapedeck.api.http.Json;
import dev.tapedeck.api.http.JsonRoute;
import dev.tapedeck.api.http.LoginCookie;
import dev.tapedeck.api.http.Routes;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The dashboard: a few static HTML shells and the scripts and styles they load, all served from
 * the jar and read into memory once when the daemon starts (about 300 KB; a missing file fails the
 * start, not a page view). The pages hold no recorded data: their modules fetch the JSON routes and
 * insert every recorded string as text. Every page and asset carries {@link #SECURITY_HEADERS};
 * assets are cached by their ETag (the SHA-256 of their bytes) and revalidated after a minute.
 * Runs on the IO thread: nothing here reads the database.
 */
public final class Pages {
    /**
     * No inline script or style anywhere, nothing from another origin. {@code 'wasm-unsafe-eval'}
     * lets asciinema-player compile its terminal emulator (WebAssembly shipped inside its bundle);
     * it does not allow {@code eval} of JavaScript.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval';"
            + " style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none';"
            + " form-action 'self'; frame-ancestors 'none'";
    static final Map<String, String> SECURITY_HEADERS = Map.of(
            "Content-Security-Policy", CONTENT_SECURITY_POLICY,
            "X-Frame-Options", "DENY",
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer",
            "Cross-Origin-Opener-Policy", "same-origin");

    /** Every asset, by its path under {@code /assets/}. */
    static final List<String> ASSETS = List.of("tapedeck.css", "favicon.svg", "common.js", "sessions.js", "session.js",
            "player.js", "login.js", "search.js", "agents.js", "session-timeline.js", "session-chart.js",
            "session-events.js", "code-blocks.js", "timeline.css",
            "asciinema-player/asciinema-player.min.js", "asciinema-player/asciinema-player.css");
    /**
     * uPlot, the charts' library, from its webjar ({@code org.webjars.npm:uplot}, MIT): served
     * unchanged from the webjar's {@code dist/} as {@code /assets/uplot/NAME}.
     */
    static final List<String> UPLOT_ASSETS = List.of("uPlot.esm.js", "uPlot.min.css", "LICENSE");
    private static final String ASSET_CACHE = "public, max-age=60";
    private static final String PAGE_CACHE = "no-cache";

    private final Map<String, Resource> assets = new LinkedHashMap<>();
    private final Resource sessionsPage = Resource.load("pages/sessions.html");
    private final Resource sessionPage = Resource.load("pages/session.html");
    private final Resource loginPage = Resource.load("pages/login.html");
    private final Resource searchPage = Resource.load("pages/search.html");
    private final Resource agentsPage = Resource.load("pages/agents.html");
    private final Access access;
    private final LoginThrottle throttle = new LoginThrottle();

    public Pages(Access access) {
        this.access = access;
        for (String name : ASSETS) {
            assets.put(name, Resource.load("assets/" + name));
        }
        String uplot = "/META-INF/resources/webjars/uplot/" + webjarVersion("uplot") + "/";
        for (String name : UPLOT_ASSETS) {
            assets.put("uplot/" + name, Resource.loadPath(uplot + (name.equals("LICENSE") ? name : "dist/" + name)));
        }
    }

    public void register(Routes routes) {
        routes.get("/", exchange -> send(exchange, sessionsPage, PAGE_CACHE));
        routes.get("/sessions/{id}", exchange -> send(exchange, sessionPage, PAGE_CACHE));
        routes.get("/search", exchange -> send(exchange, searchPage, PAGE_CACHE));
        routes.get("/agents", exchange -> send(exchange, agentsPage, PAGE_CACHE));
        routes.get("/assets/{name}", this::sendAsset);
        routes.get("/assets/asciinema-player/{name}", this::sendAsset);
        routes.get("/assets/uplot/{name}", this::sendAsset);
        routes.get("/login", this::sendLogin);
        routes.post("/login", this::logIn);
        routes.post("/logout", this::logOut);
    }

    /** The version of an npm webjar on the class path, from its Maven metadata. */
    static String webjarVersion(String artifact) {
        String path = "/META-INF/maven/org.webjars.npm/" + artifact + "/pom.properties";
        try (InputStream in = Pages.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("the jar has no " + path + " (a broken build)");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("read " + path + " from the jar failed", e);
        }
    }

    private void sendLogin(HttpServerExchange exchange) {
        if (!access.needsToken()) {
            redirect(exchange, "/");
            return;
        }
        send(exchange, loginPage, "no-store");
    }

    /**
     * Trades the token posted by the login form ({@code token=...}, form-encoded, never in a URL)
     * for the login cookie. The token is never logged; a wrong one goes back to the login page, and
     * too many wrong ones from one address are refused for a while ({@link LoginThrottle}).
     */
    private void logIn(HttpServerExchange exchange) {
        if (!access.needsToken()) {
            redirect(exchange, "/");
            return;
        }
        if (!LoginCookie.sameOrigin(exchange)) {
            sendForbidden(exchange, "log in from this daemon's own login page (the Origin header is not this daemon's)");
            return;
        }
        byte[] body = BodyDeadline.body(exchange);
        InetAddress client = exchange.getSourceAddress().getAddress();
        long wait = throttle.secondsToWait(client);
        if (wait > 0) {
            exchange.getResponseHeaders().put(Headers.RETRY_AFTER, Long.toString(wait));
            if (fromABrowserPage(exchange)) {
                // The login form's own post: back to the form, which says how long to wait.
                redirect(exchange, "/login?wait=" + wait);
                return;
            }
            JsonRoute.send(exchange, 429, Json.write(new HttpError(429, "too many requests",
                    "too many wrong tokens from this address; try again in " + wait + " s").body()));
            return;
        }
        String token = formField(body, "token");
        if (token == null || !access.isToken(token.strip().getBytes(StandardCharsets.UTF_8))) {
            throttle.recordFailure(client);
            redirect(exchange, "/login?failed");
            return;
        }
        throttle.recordSuccess(client);
        setCookie(exchange, access.cookieValue(), "");
        redirect(exchange, "/");
    }

    /** True for a post a browser navigates with (a form's submit), which wants a page, not JSON. */
    private static boolean fromABrowserPage(HttpServerExchange exchange) {
        String accept = exchange.getRequestHeaders().getFirst(Headers.ACCEPT);
        return accept != null && accept.contains("text/html");
    }

    private void logOut(HttpServerExchange exchange) {
        if (!LoginCookie.sameOrigin(exchange)) {
            sendForbidden(exchange, "log out from this daemon's own pages (the Origin header is not this daemon's)");
            return;
        }
        setCookie(exchange, "", "; Max-Age=0");
        redirect(exchange, access.needsToken() ? "/login" : "/");
    }

    private static void sendForbidden(HttpServerExchange exchange, String detail) {
        JsonRoute.send(exchange, 403, Json.write(new HttpError(403, "forbidden", detail).body()));
    }

    private static void setCookie(HttpServerExchange exchange, String value, String extra) {
        String secure = exchange.getRequestScheme().equals("https") ? "; Secure" : "";
        exchange.getResponseHeaders().add(Headers.SET_COOKIE,
                Access.COOKIE + "=" + value + "; Path=/; HttpOnly; SameSite=Strict" + secure + extra);
    }

    private static void redirect(HttpServerExchange exchange, String location) {
        SECURITY_HEADERS.forEach((name, value) -> exchange.getResponseHeaders().put(new HttpString(name), value));
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        exchange.getResponseHeaders().put(Headers.LOCATION, location);
        exchange.setStatusCode(303);
        exchange.endExchange();
    }

    /** The first value of a field of an application/x-www-form-urlencoded body; null when absent. */
    static String formField(byte[] body, String name) {
        if (body == null) {
            return null;
        }
        for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (URLDecoder.decode(key, StandardCharsets.UTF_8).equals(name)) {
                return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private void sendAsset(HttpServerExchange exchange) {
        String path = exchange.getRequestPath();
        Resource asset = assets.get(path.startsWith("/assets/") ? path.substring("/assets/".length()) : path);
        if (asset == null) {
            JsonRoute.sendNotFound(exchange);
            return;
        }
        String known = exchange.getRequestHeaders().getFirst(Headers.IF_NONE_MATCH);
        if (asset.etag().equals(known)) {
            headers(exchange, asset, ASSET_CACHE);
            exchange.setStatusCode(304);
            exchange.endExchange();
            return;
        }
        send(exchange, asset, ASSET_CACHE);
    }

    private static void send(HttpServerExchange exchange, Resource resource, String cache) {
        headers(exchange, resource, cache);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, resource.contentType());
        exchange.getResponseSender().send(ByteBuffer.wrap(resource.bytes()));
    }

    private static void headers(HttpServerExchange exchange, Resource resource, String cache) {
        SECURITY_HEADERS.forEach((name, value) -> exchange.getResponseHeaders().put(new HttpString(name), value));
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, cache);
        exchange.getResponseHeaders().put(Headers.ETAG, resource.etag());
    }

    /** A file of the jar's {@code web/} folder, with its type and ETag. */
    record Resource(byte[] bytes, String contentType, String etag) {
        static Resource load(String path) {
            return loadPath("/web/" + path);
        }

        static Resource loadPath(String path) {
            try (InputStream in = Pages.class.getResourceAsStream(path)) {
                if (in == null) {
                    throw new IllegalStateException("the jar has no " + path + " (a broken build)");
                }
                byte[] bytes = in.readAllBytes();
                return new Resource(bytes, contentType(path), "\"" + HexFormat.of().formatHex(sha256(bytes), 0, 16) + "\"");
            } catch (IOException e) {
                throw new UncheckedIOException("read " + path + " from the jar failed", e);
            }
        }

        private static String contentType(String path) {
            if (path.endsWith(".js")) {
                return "text/javascript; charset=utf-8";
            }
            if (path.endsWith(".css")) {
                return "text/css; charset=utf-8";
            }
            if (path.endsWith(".svg")) {
                return "image/svg+xml";
            }
            if (path.endsWith(".html")) {
                return "text/html; charset=utf-8";
            }
            if (path.endsWith("/LICENSE")) {
                return "text/plain; charset=utf-8";
            }
            throw new IllegalArgumentException("no content type for " + path);
        }

        private static byte[] sha256(byte[] bytes) {
            try {
                return MessageDigest.getInstance("SHA-256").digest(bytes);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java has SHA-256", e);
            }
        }
    }
}
