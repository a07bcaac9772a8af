package dev.tapedeck.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of generated bad requests against every route of a real daemon: wrong types, huge and
 * unicode values, SQL fragments, path traversal, long URLs and headers, malformed JSON bodies. Each
 * must get a 4xx (a JSON error when it reached our routes) or a correct answer, never a 500, and
 * nothing recorded may change.
 */
class HttpFuzzTest {
    private static final String[] GET_ROUTES = {"/api/health", "/api/query/extractions", "/api/query/code-blocks",
        "/api/query/sessions", "/api/query/session/{}", "/api/query/session/{}/lines", "/api/query/session/{}/timeline",
        "/api/query/stats/agent/{}", "/api/query/stats/pattern/{}", "/api/query/timeline", "/api/query/search",
        "/api/stream/session/{}", "/api/stream/events", "/api/replay/session/{}", "/api/replay/export/{}", "/metrics",
        "/api/query/overview", "/api/stream/sessions", "/api/replay/cast/{}", "/api/replay/cast/{}/window"};
    private static final String[] POST_ROUTES = {"/api/replay/{}/pause", "/api/replay/{}/resume",
        "/api/replay/{}/stop", "/api/replay/{}/seek", "/api/replay/{}/speed"};
    private static final String[] NAMES = {"agent", "session", "type", "pattern", "risk", "since", "until", "limit",
        "cursor", "language", "status", "active", "days", "from_line", "stream", "last", "from", "to", "bucket", "q", "kinds",
        "text",
        "speed", "max_gap", "include", "format", "id", "idle", "window", "at", "end", "x", "", "limit[]", "__proto__",
        "errors", "host"};
    private static final String[] VALUES = {"", "0", "-1", "1", "1000", "1001", "abc", "1.5", "1e309", "NaN",
        "Infinity", "-0", "99999999999999999999999", "true", "yes", "null", "[]", "{}", "id LIMIT 1 --",
        "1=1 OR agent_name", "' OR '1'='1", "\"; DROP TABLE process_sessions; --", "1; DELETE FROM extraction_events",
        "../../etc/passwd", "..%2f..%2fetc%2fpasswd", "/etc/passwd", "ünïcødé", "😀🔥", "\u0000", "\r\nX-Injected: 1",
        "2026-13-45T99:99:99Z", "2026-11-22T10:00:00Z", "1970-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "line:0",
        "line:-5", "line:abc", "*", "\"unterminated", "a AND OR NOT", "NEAR(a b)", "col:value", "%", "_",
        "stdout", "stderr", "error", "high", "minute", "hour", "day", "asciicast", "har", "lines,state", "done-1",
        "-999999999-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z", "+10000-01-01T00:00:00Z",
        "0000-01-01T00:00:00Z", "0000-01-01T00:00:00+18:00", "9999-12-31T23:59:59.999999999-18:00",
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "line:9223372036854775807",
        "9223372036854775807.0.0.0", "0.9223372036854775807.0.0", "0.0.9223372036854775807.0",
        "0.0.0.9223372036854775807", "9223372036854775807.9223372036854775807.9223372036854775807.9223372036854775807",
        "9223372036854775808.0.0.0", "-1.0.0.0", "1.2.3", "1.2.3.4.5"};
    private static final String[] BODIES = {"", "{", "}", "[]", "null", "42", "\"text\"", "{\"line\": \"x\"}",
        "{\"line\": -1}", "{\"line\": 1.5}", "{\"line\": 1e400}", "{\"offset_s\": -3}", "{\"offset_s\": \"NaN\"}",
        "{\"speed\": 0}", "{\"speed\": 101}", "{\"speed\": \"fast\"}", "{\"speed\": [1]}", "{\"speed\": {}}",
        "{\"line\": 1, \"offset_s\": 2}", "{\"unknown\": true}", "{\"speed\": 1, \"speed\": 2}",
        "{\"line\": 99999999999999999999999}", "\u0000\u0001\u0002", "{\"a\":" + "[".repeat(5000),
        "{\"line\": 9223372036854775807}", "{\"line\": 9223372036854775808}", "{\"line\": -9223372036854775808}",
        "{\"offset_s\": 1e308}", "{\"offset_s\": 999999999.999}", "{\"speed\": 1e-300}", "{\"speed\": 4.9e-324}"};
    /**
     * Requests per run: 3,000 by default; CI's long form ({@code CI=true}, the {@code ci} profile of
     * tests/pom.xml) runs 10,000, and {@code -Dfuzz.cases=N} runs N.
     */
    private static final int CASES = Integer.getInteger("tapedeck.fuzz.cases", 3_000);

    @TempDir
    Path dir;

    @Test
    void generatedBadRequestsGetA4xxOrACorrectAnswerAndChangeNothing() throws Exception {
        Path db = dir.resolve("t.db");
        TestSupport.Result run = TestSupport.tapedeck(dir, Map.of(), null, "run", "--quiet", "--db", db.toString(),
                "--agent", "demo", "--session-id", "done-1", "--", "sh", "-c",
                "echo hello; echo 'Error: mismatched types' >&2; printf '```sh\\nrm -rf /\\n```\\n'; exit 3");
        assertThat(run.exitCode()).isEqualTo(3);
        String before = fingerprint(db);
        Random random = new Random(20261122);
        int requests = 0;
        int answered = 0;
        // Streams are opened and dropped at once: a cap above the default keeps a slow machine's
        // late noticing of dropped streams from turning into 503s (HttpEdgesTest tests the cap).
        try (Served served = Served.start(dir, db, "--max-streams", "1000")) {
            String replayId = served.stream("/api/replay/session/done-1?speed=0.000001", null).next().json()
                    .get("replay_id").getAsString();
            for (int i = 0; i < CASES; i++) {
                HttpResponse<InputStream> response = send(served, request(served, random, replayId));
                requests++;
                int status = response.statusCode();
                String type = response.headers().firstValue("Content-Type").orElse("");
                String body = type.startsWith("text/event-stream") ? "" : readAll(response.body());
                response.body().close();
                assertThat(status).as("request %d: %s -> %s", i, response.request().uri(), body)
                        .isBetween(200, 499).isNotEqualTo(500);
                if (status >= 400 && type.startsWith("application/json")) {
                    assertThat(JsonParser.parseString(body).getAsJsonObject().get("status").getAsInt())
                            .isEqualTo(status);
                } else if (status == 200) {
                    answered++;
                }
            }
            assertThat(served.log()).doesNotContain("ERROR").doesNotContain("Exception");
        }
        assertThat(requests).isEqualTo(CASES);
        assertThat(answered).as("some requests must be valid enough to answer").isPositive();
        assertThat(fingerprint(db)).isEqualTo(before);
    }

    private static HttpRequest request(Served served, Random random, String replayId) {
        boolean post = random.nextInt(4) == 0;
        String template = post ? pick(random, POST_ROUTES) : pick(random, GET_ROUTES);
        String id = switch (random.nextInt(4)) {
            case 0 -> post ? replayId : "done-1";
            case 1 -> "nope";
            default -> pick(random, VALUES);
        };
        String path = template.replace("{}", URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20"));
        if (random.nextInt(20) == 0) {
            path = template.replace("{}", "..%2F..%2Fetc%2Fpasswd");
        }
        StringBuilder query = new StringBuilder();
        int params = random.nextInt(5);
        for (int p = 0; p < params; p++) {
            String value = random.nextInt(30) == 0 ? "x".repeat(20_000 + random.nextInt(40_000)) : pick(random, VALUES);
            query.append(p == 0 ? '?' : '&').append(URLEncoder.encode(pick(random, NAMES), StandardCharsets.UTF_8))
                    .append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + served.port + path
                + query)).timeout(Duration.ofSeconds(30));
        if (random.nextInt(10) == 0) {
            builder.header("X-Fuzz", "y".repeat(random.nextInt(30_000)));
        }
        if (random.nextInt(10) == 0) {
            builder.header("Last-Event-ID", pick(random, VALUES).replaceAll("[^\\x20-\\x7e]", "?"));
        }
        if (post) {
            return builder.POST(HttpRequest.BodyPublishers.ofString(pick(random, BODIES))).build();
        }
        return builder.GET().build();
    }

    private static HttpResponse<InputStream> send(Served served, HttpRequest request) throws Exception {
        return served.http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    }

    private static String readAll(InputStream in) throws Exception {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }

    /** What was recorded, as text: any change to sessions, lines, events, blocks or counters shows. */
    private String fingerprint(Path db) throws Exception {
        List<String> queries = new ArrayList<>(List.of(
                "SELECT group_concat(session_id || status || coalesce(ended_at, '') || total_lines_processed, ',')"
                        + " FROM process_sessions",
                "SELECT count(*), total(length(text)), total(first_line) FROM output_chunks",
                "SELECT count(*), group_concat(matched_value, ',') FROM extraction_events",
                "SELECT count(*) FROM process_state_changes",
                "SELECT count(*), group_concat(digest, ',') FROM code_blocks",
                "SELECT group_concat(metric || agent_name || label || value, ',') FROM metric_counters"));
        StringBuilder all = new StringBuilder();
        for (String sql : queries) {
            all.append(TestSupport.run(List.of("sqlite3", db.toString(), sql), dir, Map.of(), null).out());
        }
        return all.toString();
    }
}
