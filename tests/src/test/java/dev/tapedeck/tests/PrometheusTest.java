package dev.tapedeck.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus server (Debian package {@code prometheus}) scrapes a real {@code tapedeck serve}
 * every second while {@code tapedeck run} records a session of known content; Prometheus's own
 * query API must then report exactly what was printed.
 */
class PrometheusTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void prometheusScrapesTheLinesAndEventsThatWerePrinted() throws Exception {
        Path db = dir.resolve("t.db");
        try (Served served = Served.start(dir, db)) {
            int port = freePort();
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(config, """
                    global:
                      scrape_interval: 1s
                      scrape_timeout: 900ms
                    scrape_configs:
                      - job_name: tapedeck
                        static_configs:
                          - targets: ['127.0.0.1:%d']
                    """.formatted(served.port));
            Path log = dir.resolve("prometheus.log");
            Process prometheus = new ProcessBuilder("prometheus", "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true).redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            try {
                String api = "http://127.0.0.1:" + port;
                assertThat(TestSupport.await(60, () -> query(api, "up{job=\"tapedeck\"}") == 1.0))
                        .as("Prometheus scraping tapedeck; its log: %s", Files.readString(log)).isTrue();
                // 300 lines: 30 errors (every 10th), 10 notes on stderr (every 15th that is not an error).
                TestSupport.Result run = TestSupport.tapedeck(dir, Map.of(), null, "run", "--quiet", "--db",
                        db.toString(), "--agent", "promtest", "--", "sh", "-c",
                        "i=1; while [ $i -le 300 ]; do if [ $((i % 10)) -eq 0 ]; then echo \"Error: failure $i\";"
                                + " elif [ $((i % 15)) -eq 0 ]; then echo \"note $i\" >&2; else echo \"line $i\"; fi;"
                                + " i=$((i + 1)); done");
                assertThat(run.exitCode()).isZero();
                assertThat(TestSupport.await(60, () ->
                        query(api, "sum(tapedeck_lines_total{agent=\"promtest\"})") == 300.0))
                        .as("lines in Prometheus").isTrue();
                assertThat(query(api, "tapedeck_lines_total{agent=\"promtest\",stream=\"stderr\"}")).isEqualTo(10.0);
                assertThat(TestSupport.await(30, () ->
                        query(api, "sum(tapedeck_extractions_total{agent=\"promtest\",type=\"error\"})") == 30.0))
                        .as("error events in Prometheus").isTrue();
                assertThat(query(api, "sum(tapedeck_sessions_ended_total{agent=\"promtest\",status=\"completed\"})"))
                        .isEqualTo(1.0);
            } finally {
                prometheus.destroy();
                if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
                    prometheus.destroyForcibly();
                }
            }
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The value of an instant query's single result; NaN when it has none or Prometheus is not up. */
    private static double query(String api, String promql) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/query?query="
                    + URLEncoder.encode(promql, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return Double.NaN;
            }
            JsonArray result = JsonParser.parseString(r.body()).getAsJsonObject().getAsJsonObject("data")
                    .getAsJsonArray("result");
            if (result.size() != 1) {
                return Double.NaN;
            }
            return Double.parseDouble(result.get(0).getAsJsonObject().getAsJsonArray("value").get(1).getAsString());
        } catch (Exception e) {
            return Double.NaN;
        }
    }
}
