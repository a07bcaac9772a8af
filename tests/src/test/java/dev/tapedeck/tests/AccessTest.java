package dev.tapedeck.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tokens, the loopback rule and CORS, each refusal checked over real HTTP. */
class AccessTest {
    private static final String TOKEN = "0123456789abcdef0123456789abcdef";
    private static final String METRICS_TOKEN = "metrics-only-token-fedcba9876543210";

    @TempDir
    Path dir;

    private HttpResponse<String> get(Served served, String path, String token, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(served.uri(path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        return served.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void withATokenEveryRouteButHealthNeedsIt() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        Path metricsToken = Files.writeString(dir.resolve("metrics-token"), METRICS_TOKEN);
        try (Served served = Served.start(dir, dir.resolve("t.db"), "--token-file", token.toString(),
                "--metrics-token-file", metricsToken.toString())) {
            assertThat(get(served, "/api/health", null, Map.of()).statusCode()).isEqualTo(200);
            for (String path : new String[] {"/api/query/sessions", "/api/stream/events", "/metrics",
                "/api/replay/export/x", "/api/replay/cast/x", "/api/replay/cast/x/window", "/api/nowhere"}) {
                HttpResponse<String> none = get(served, path, null, Map.of());
                assertThat(none.statusCode()).as(path).isEqualTo(401);
                assertThat(none.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"tapedeck\"");
                assertThat(none.body()).contains("\"status\":401").contains("Authorization: Bearer");
                assertThat(get(served, path, TOKEN + "x", Map.of()).statusCode()).as(path).isEqualTo(401);
                assertThat(get(served, path, TOKEN.substring(1), Map.of()).statusCode()).as(path).isEqualTo(401);
            }
            assertThat(get(served, "/api/query/sessions", TOKEN, Map.of()).statusCode()).isEqualTo(200);
            assertThat(get(served, "/api/query/sessions", null, Map.of("Authorization", "Basic " + TOKEN))
                    .statusCode()).isEqualTo(401);
            // The metrics token opens /metrics and nothing else; the main token opens both.
            assertThat(get(served, "/metrics", METRICS_TOKEN, Map.of()).statusCode()).isEqualTo(200);
            assertThat(get(served, "/metrics", TOKEN, Map.of()).statusCode()).isEqualTo(200);
            assertThat(get(served, "/api/query/sessions", METRICS_TOKEN, Map.of()).statusCode()).isEqualTo(401);
            // No CORS headers unless asked for.
            assertThat(get(served, "/api/query/sessions", TOKEN, Map.of("Origin", "https://evil.example"))
                    .headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        }
    }

    @Test
    void bindingBeyondLoopbackNeedsATokenFileAndBadTokenFilesAreRefused() throws Exception {
        TestSupport.Result open = TestSupport.tapedeck(dir, Map.of(), null, "serve", "--db",
                dir.resolve("t.db").toString(), "--bind", "0.0.0.0", "--port", "0");
        assertThat(open.exitCode()).isEqualTo(2);
        assertThat(open.stderr()).isEqualTo("tapedeck: --bind 0.0.0.0 is reachable from other machines: give"
                + " --token-file FILE so that every route needs a bearer token\n");
        Path weak = Files.writeString(dir.resolve("weak"), "short");
        TestSupport.Result shortToken = TestSupport.tapedeck(dir, Map.of(), null, "serve", "--db",
                dir.resolve("t.db").toString(), "--port", "0", "--token-file", weak.toString());
        assertThat(shortToken.exitCode()).isEqualTo(2);
        assertThat(shortToken.stderr()).contains("must be at least 16 printable ASCII characters");
        TestSupport.Result missing = TestSupport.tapedeck(dir, Map.of(), null, "serve", "--db",
                dir.resolve("t.db").toString(), "--port", "0", "--token-file", dir.resolve("nope").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.stderr()).startsWith("tapedeck: --token-file: cannot read");
        TestSupport.Result metricsAlone = TestSupport.tapedeck(dir, Map.of(), null, "serve", "--db",
                dir.resolve("t.db").toString(), "--port", "0", "--metrics-token-file", weak.toString());
        assertThat(metricsAlone.exitCode()).isEqualTo(2);
        assertThat(metricsAlone.stderr()).isEqualTo("tapedeck: --metrics-token-file needs --token-file\n");
    }

    @Test
    void aCorsOriginGetsItsHeadersAndPreflightAnswers() throws Exception {
        try (Served served = Served.start(dir, dir.resolve("t.db"), "--cors-origin", "https://dash.example")) {
            HttpResponse<String> answer = get(served, "/api/query/sessions", null, Map.of("Origin",
                    "https://dash.example"));
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.headers().firstValue("Access-Control-Allow-Origin")).contains("https://dash.example");
            HttpResponse<String> preflight = served.http.send(HttpRequest.newBuilder(served.uri("/api/replay/r-1/pause"))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://dash.example")
                    .header("Access-Control-Request-Method", "POST").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(preflight.statusCode()).isEqualTo(204);
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).contains("GET, POST");
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers")).hasValueSatisfying(
                    v -> assertThat(v).contains("Authorization").contains("Last-Event-ID"));
        }
    }
}
