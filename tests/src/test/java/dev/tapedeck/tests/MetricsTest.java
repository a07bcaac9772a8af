package dev.tapedeck.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /metrics} of a real daemon: valid for promtool, counting what was recorded, lasting. */
class MetricsTest {
    private static final Pattern SAMPLE = Pattern.compile("(?m)^(tapedeck_[a-z_]+(?:\\{[^}]*\\})?) (\\S+)$");

    @TempDir
    Path dir;

    private Path db() {
        return dir.resolve("t.db");
    }

    private void record(String agent, String script) throws Exception {
        TestSupport.Result run = TestSupport.tapedeck(dir, Map.of(), null, "run", "--quiet", "--db", db().toString(),
                "--agent", agent, "--", "sh", "-c", script);
        assertThat(run.exitCode()).as(run.stderr()).isIn(0, 1);
    }

    /** The tapedeck_ samples of a scrape, by name and labels. */
    static Map<String, Double> samples(String text) {
        Map<String, Double> samples = new TreeMap<>();
        Matcher m = SAMPLE.matcher(text);
        while (m.find()) {
            samples.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        return samples;
    }

    @Test
    void promtoolAcceptsTheMetricsAndTheCountersMatchWhatWasRecorded() throws Exception {
        record("claude", "echo one; echo 'Error: two' >&2; printf '```sh\\necho hi\\n```\\n```sh\\necho hi\\n```\\n'");
        record("claude", "echo again; exit 1");
        try (Served served = Served.start(dir, db())) {
            served.get("/api/query/session/nope");
            Served.Answer metrics = served.get("/metrics");
            assertThat(metrics.status()).isEqualTo(200);
            assertThat(metrics.response().headers().firstValue("Content-Type"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain; version=0.0.4"));
            Path file = dir.resolve("metrics.txt");
            Files.writeString(file, metrics.body());
            TestSupport.Result check = TestSupport.run(List.of("promtool", "check", "metrics"), dir, Map.of(),
                    metrics.body().getBytes(StandardCharsets.UTF_8));
            assertThat(check.exitCode()).as("promtool: %s%s", check.out(), check.stderr()).isZero();

            Map<String, Double> s = samples(metrics.body());
            assertThat(s).containsEntry("tapedeck_lines_total{agent=\"claude\",stream=\"stdout\"}", 8.0)
                    .containsEntry("tapedeck_lines_total{agent=\"claude\",stream=\"stderr\"}", 1.0)
                    .containsEntry("tapedeck_extractions_total{agent=\"claude\",risk=\"none\",type=\"error\"}", 1.0)
                    .containsEntry("tapedeck_code_blocks_total{agent=\"claude\"}", 2.0)
                    .containsEntry("tapedeck_duplicate_code_blocks_total{agent=\"claude\"}", 1.0)
                    .containsEntry("tapedeck_sessions_ended_total{agent=\"claude\",status=\"completed\"}", 1.0)
                    .containsEntry("tapedeck_sessions_ended_total{agent=\"claude\",status=\"failed\"}", 1.0)
                    .containsEntry("tapedeck_schema_version", (double) dev.tapedeck.store.Database.latestSchemaVersion())
                    .containsEntry("tapedeck_sse_streams{kind=\"live\"}", 0.0);
            // The route label is the template, never the raw path.
            assertThat(metrics.body()).contains("route=\"/api/query/session/{id}\",status=\"404\"")
                    .doesNotContain("/api/query/session/nope");
            assertThat(s.get("tapedeck_database_size_bytes{file=\"main\"}")).isPositive();
        }
    }

    @Test
    void countersStayTheSameAcrossARestartAndAfterSessionsAreDeleted() throws Exception {
        record("aider", "for i in 1 2 3 4 5; do echo \"Error: e$i\"; done");
        Map<String, Double> before;
        try (Served served = Served.start(dir, db())) {
            before = samples(served.get("/metrics").body());
        }
        assertThat(before).containsEntry("tapedeck_lines_total{agent=\"aider\",stream=\"stdout\"}", 5.0)
                .containsEntry("tapedeck_extractions_total{agent=\"aider\",risk=\"none\",type=\"error\"}", 5.0);
        TestSupport.Result delete = TestSupport.run(List.of("sqlite3", db().toString(),
                "PRAGMA foreign_keys = ON; DELETE FROM code_block_occurrences; UPDATE extraction_minutes SET count = 0;"
                        + " DELETE FROM extraction_minutes; DELETE FROM process_sessions;"), dir, Map.of(), null);
        assertThat(delete.exitCode()).as(delete.stderr()).isZero();
        try (Served served = Served.start(dir, db())) {
            assertThat(served.get("/api/query/sessions").json().getAsJsonArray("sessions")).isEmpty();
            Map<String, Double> after = samples(served.get("/metrics").body());
            for (String counter : List.of("tapedeck_lines_total{agent=\"aider\",stream=\"stdout\"}",
                    "tapedeck_extractions_total{agent=\"aider\",risk=\"none\",type=\"error\"}",
                    "tapedeck_sessions_ended_total{agent=\"aider\",status=\"completed\"}",
                    "tapedeck_output_bytes_total{agent=\"aider\"}")) {
                assertThat(after.get(counter)).as(counter).isEqualTo(before.get(counter)).isNotNull();
            }
        }
    }

    @Test
    void agentsPastTheLimitAreCountedAsOther() throws Exception {
        record("first", "echo a");
        record("second", "echo b; echo c");
        record("third", "echo d");
        Path log = Files.createTempFile(dir, "serve", ".log");
        Process daemon = new ProcessBuilder(TestSupport.javaBin(), "-jar", TestSupport.JAR.toAbsolutePath().toString(),
                "serve", "--port", "0", "--db", db().toString(), "--metrics-max-agents", "1")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            Pattern serving = Pattern.compile("serving http://127\\.0\\.0\\.1:(\\d+)");
            assertThat(TestSupport.await(30, () -> serving.matcher(read(log)).find())).as(read(log)).isTrue();
            Matcher m = serving.matcher(read(log));
            assertThat(m.find()).isTrue();
            java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + m.group(1)
                            + "/metrics")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            Map<String, Double> s = samples(r.body());
            assertThat(s).containsEntry("tapedeck_lines_total{agent=\"first\",stream=\"stdout\"}", 1.0)
                    .containsEntry("tapedeck_lines_total{agent=\"other\",stream=\"stdout\"}", 3.0);
            assertThat(r.body()).doesNotContain("agent=\"second\"").doesNotContain("agent=\"third\"");
        } finally {
            daemon.destroy();
            daemon.waitFor();
        }
        TestSupport.Result bad = TestSupport.tapedeck(dir, Map.of(), null, "serve", "--db", db().toString(),
                "--metrics-max-agents", "0");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.stderr()).contains("--metrics-max-agents must be in [1, 10000], got 0");
    }

    /** Every query of the Grafana dashboard and of docs/metrics.md parses, checked by promtool. */
    @Test
    void theDashboardAndTheDocumentedQueriesAreValidPromQl() throws Exception {
        List<String> exprs = new java.util.ArrayList<>();
        com.google.gson.JsonObject dashboard = com.google.gson.JsonParser.parseString(
                Files.readString(TestSupport.ROOT.resolve("docs/grafana-dashboard.json"))).getAsJsonObject();
        for (var panel : dashboard.getAsJsonArray("panels")) {
            for (var target : panel.getAsJsonObject().getAsJsonArray("targets")) {
                exprs.add(target.getAsJsonObject().get("expr").getAsString().replace("$__rate_interval", "5m"));
            }
        }
        Matcher blocks = Pattern.compile("(?s)```promql\n(.*?)```").matcher(
                Files.readString(TestSupport.ROOT.resolve("docs/metrics.md")));
        while (blocks.find()) {
            exprs.add(blocks.group(1).strip().replace("\n", " "));
        }
        assertThat(exprs).hasSizeGreaterThan(15);
        StringBuilder rules = new StringBuilder("groups:\n  - name: tapedeck-docs\n    rules:\n");
        for (int i = 0; i < exprs.size(); i++) {
            // A JSON string is a valid YAML double-quoted scalar.
            rules.append("      - record: tapedeck:doc_query_").append(i).append("\n        expr: ")
                    .append(new com.google.gson.Gson().toJson(exprs.get(i))).append('\n');
        }
        Path file = dir.resolve("rules.yml");
        Files.writeString(file, rules);
        TestSupport.Result check = TestSupport.run(List.of("promtool", "check", "rules", file.toString()), dir,
                Map.of(), null);
        assertThat(check.exitCode()).as("%s%s", check.out(), check.stderr()).isZero();
        assertThat(check.out()).contains("SUCCESS: " + exprs.size() + " rules found");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
