package dev.tapedeck.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * End to end, as a user sees it: how long after a command prints a line an SSE client of
 * {@code tapedeck serve} receives it. The real program in three processes: {@code serve},
 * {@code run -- sh -c 'date +%s%N ...'} printing its own wall clock every interval, and this client
 * on {@code /api/stream/session/ID}, which subtracts the printed time from its own clock (one
 * machine, one clock). Lines the client got while catching up after connecting are not counted.
 *
 * <p>Run from the repository root after {@code mvn -B -q install -DskipTests}:
 * {@code java -cp bench/target/benchmarks.jar dev.tapedeck.bench.PrintToClientHarness [--lines 100]
 * [--interval 0.173]}.
 */
public final class PrintToClientHarness {
    private static final Pattern SERVING = Pattern.compile("serving http://127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern TEXT = Pattern.compile("\"text\":\"(\\d+)\"");

    private PrintToClientHarness() {
    }

    public static void main(String[] args) throws Exception {
        int lines = Integer.parseInt(QueryHarness.arg(args, "--lines", "100"));
        String interval = QueryHarness.arg(args, "--interval", "0.173");
        Path jar = Path.of(QueryHarness.arg(args, "--jar", "api/target/tapedeck.jar")).toAbsolutePath();
        Path dir = Files.createTempDirectory("print-to-client-");
        Path db = dir.resolve("t.db");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process serve = new ProcessBuilder(java, "-Xmx256m", "-jar", jar.toString(), "serve", "--db", db.toString(),
                "--create", "--port", "0").redirectErrorStream(true).start();
        Process run = null;
        try {
            int port = port(serve.getInputStream());
            String script = "sleep 2; i=0; while [ $i -lt " + lines + " ]; do date +%s%N; sleep " + interval
                    + "; i=$((i+1)); done";
            run = new ProcessBuilder(java, "-Xmx256m", "-jar", jar.toString(), "run", "-q", "--db", db.toString(),
                    "--session-id", "latency", "--", "sh", "-c", script)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            List<Double> millis = receive(port, lines);
            report(millis, interval);
        } finally {
            if (run != null) {
                run.waitFor(60, TimeUnit.SECONDS);
            }
            serve.destroy();
            serve.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int port(InputStream log) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(log, StandardCharsets.UTF_8));
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            Matcher m = SERVING.matcher(line);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        throw new IllegalStateException("tapedeck serve did not start");
    }

    /** Waits for the session, then reads its stream to the end; the latency of each line printed after. */
    private static List<Double> receive(int port, int lines) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI uri = URI.create("http://127.0.0.1:" + port + "/api/stream/session/latency?kinds=line");
        HttpResponse<InputStream> response;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        do {
            Thread.sleep(50); // the session appears when run has started: poll for it, bounded
            response = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofInputStream());
        } while (response.statusCode() == 404 && System.nanoTime() < deadline);
        long connectedMillis = System.currentTimeMillis();
        List<Double> millis = new ArrayList<>(lines);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null && !line.equals("event: end"); line = reader.readLine()) {
                java.time.Instant now = java.time.Instant.now(); // microseconds on Linux, as date's %N
                long nowNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
                Matcher m = TEXT.matcher(line);
                if (line.startsWith("data:") && m.find()) {
                    long printed = Long.parseLong(m.group(1));
                    if (printed / 1_000_000L > connectedMillis + 500) {
                        millis.add((nowNanos - printed) / 1e6);
                    }
                }
            }
        }
        return millis;
    }

    private static void report(List<Double> millis, String interval) {
        List<Double> sorted = millis.stream().sorted().toList();
        if (sorted.isEmpty()) {
            throw new IllegalStateException("no line arrived after the client connected");
        }
        System.out.printf(Locale.ROOT, "%d lines, one every %s s: min %.0f, median %.0f, p90 %.0f, max %.0f ms%n",
                sorted.size(), interval, sorted.get(0), sorted.get(sorted.size() / 2),
                sorted.get((int) (sorted.size() * 0.9)), sorted.get(sorted.size() - 1));
    }
}
