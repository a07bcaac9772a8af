package dev.tapedeck.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's pages and assets over plain HTTP (no browser): each carries the security
 * headers, assets revalidate by ETag, an unknown asset is the JSON 404, and the dashboard's own
 * scripts never turn text into markup.
 */
class DashboardHttpTest {
    static final Map<String, String> SECURITY = Map.of(
            "content-security-policy", "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self';"
                    + " img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self';"
                    + " frame-ancestors 'none'",
            "x-frame-options", "DENY",
            "x-content-type-options", "nosniff",
            "referrer-policy", "no-referrer");
    static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("/", "text/html; charset=utf-8"),
            Map.entry("/sessions/anything", "text/html; charset=utf-8"),
            Map.entry("/assets/tapedeck.css", "text/css; charset=utf-8"),
            Map.entry("/assets/favicon.svg", "image/svg+xml"),
            Map.entry("/assets/common.js", "text/javascript; charset=utf-8"),
            Map.entry("/assets/sessions.js", "text/javascript; charset=utf-8"),
            Map.entry("/assets/session.js", "text/javascript; charset=utf-8"),
            Map.entry("/assets/player.js", "text/javascript; charset=utf-8"),
            Map.entry("/assets/login.js", "text/javascript; charset=utf-8"),
            Map.entry("/assets/search.js", "text/javascript; charset=utf-8"),
            Map.entry("/assets/session-timeline.js", "text/javascript; charset=utf-8"),
            Map.entry("/assets/session-chart.js", "text/javascript; charset=utf-8"),
            Map.entry("/assets/session-events.js", "text/javascript; charset=utf-8"),
            Map.entry("/assets/code-blocks.js", "text/javascript; charset=utf-8"),
            Map.entry("/assets/timeline.css", "text/css; charset=utf-8"),
            Map.entry("/search", "text/html; charset=utf-8"),
            Map.entry("/agents", "text/html; charset=utf-8"),
            Map.entry("/assets/agents.js", "text/javascript; charset=utf-8"),
            Map.entry("/assets/asciinema-player/asciinema-player.min.js", "text/javascript; charset=utf-8"),
            Map.entry("/assets/asciinema-player/asciinema-player.css", "text/css; charset=utf-8"),
            Map.entry("/assets/uplot/uPlot.esm.js", "text/javascript; charset=utf-8"),
            Map.entry("/assets/uplot/uPlot.min.css", "text/css; charset=utf-8"),
            Map.entry("/assets/uplot/LICENSE", "text/plain; charset=utf-8"));

    @TempDir
    static Path dir;
    static Served served;

    @BeforeAll
    static void serve() throws Exception {
        served = Served.start(dir, dir.resolve("t.db"));
    }

    @AfterAll
    static void stop() throws Exception {
        assertThat(served.stop()).isZero();
    }

    @Test
    void everyPageAndAssetCarriesTheSecurityHeadersAndItsType() throws Exception {
        for (Map.Entry<String, String> e : TYPES.entrySet()) {
            Served.Answer answer = served.get(e.getKey());
            assertThat(answer.status()).as(e.getKey()).isEqualTo(200);
            var headers = answer.response().headers();
            assertThat(headers.firstValue("content-type")).as(e.getKey()).contains(e.getValue());
            SECURITY.forEach((name, value) -> assertThat(headers.firstValue(name)).as(e.getKey() + " " + name)
                    .contains(value));
            assertThat(headers.firstValue("cache-control")).as(e.getKey())
                    .contains(e.getKey().startsWith("/assets/") ? "public, max-age=60" : "no-cache");
        }
    }

    @Test
    void loginPageWithoutATokenLeadsToTheSessions() throws Exception {
        HttpResponse<String> login = served.http.send(HttpRequest.newBuilder(served.uri("/login")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(303);
        assertThat(login.headers().firstValue("location")).contains("/");
    }

    @Test
    void assetsRevalidateByETag() throws Exception {
        Served.Answer first = served.get("/assets/session.js");
        String etag = first.response().headers().firstValue("etag").orElseThrow();
        assertThat(etag).matches("\"[0-9a-f]{32}\"");
        HttpResponse<String> again = served.http.send(HttpRequest.newBuilder(served.uri("/assets/session.js"))
                .header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(again.headers().firstValue("x-content-type-options")).contains("nosniff");
        HttpResponse<String> stale = served.http.send(HttpRequest.newBuilder(served.uri("/assets/session.js"))
                .header("If-None-Match", "\"0\"").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(stale.body()).isEqualTo(first.body());
    }

    @Test
    void unknownAssetIsTheJsonNotFound() throws Exception {
        for (String path : List.of("/assets/nope.js", "/assets/asciinema-player/LICENSE", "/assets/..%2Fpages%2Fsession.html",
                "/assets/asciinema-player/VERSION", "/assets/uplot/uPlot.cjs.js")) {
            Served.Answer answer = served.get(path);
            assertThat(answer.status()).as(path).isEqualTo(404);
            assertThat(answer.json().get("status").getAsInt()).isEqualTo(404);
        }
    }

    @Test
    void pagesHoldNoInlineScriptOrStyle() throws Exception {
        for (String page : List.of("/", "/sessions/x", "/search", "/agents", "/login")) {
            String html = served.get(page).body();
            assertThat(html).doesNotContainPattern("<script(?![^>]*\\ssrc=)").doesNotContainPattern("\\son[a-z]+=")
                    .doesNotContain("<style", " style=");
        }
    }

    /** Recorded text must only become text nodes: none of the markup sinks in the dashboard's own modules. */
    @Test
    void dashboardModulesUseNoMarkupSinks() throws Exception {
        Path assets = TestSupport.ROOT.resolve("api/src/main/resources/web/assets");
        try (Stream<Path> files = Files.list(assets)) {
            List<Path> modules = files.filter(f -> f.toString().endsWith(".js")).toList();
            // Every module, whatever others are added: at least these.
            assertThat(modules).extracting(f -> f.getFileName().toString())
                    .contains("common.js", "sessions.js", "session.js", "player.js", "search.js", "login.js", "agents.js",
                            "session-timeline.js", "session-chart.js", "session-events.js", "code-blocks.js");
            for (Path f : modules) {
                assertThat(Files.readString(f)).as(f.toString())
                        .doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                                "new Function", "DOMParser", "createContextualFragment");
            }
        }
    }
}
