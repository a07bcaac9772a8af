package dev.tapedeck.bench;

import dev.tapedeck.api.Daemon;
import dev.tapedeck.store.CodeBlock;
import dev.tapedeck.store.Database;
import dev.tapedeck.store.Extraction;
import dev.tapedeck.store.NewSession;
import dev.tapedeck.store.OutputLine;
import dev.tapedeck.store.RiskLevel;
import dev.tapedeck.store.SearchIndexer;
import dev.tapedeck.store.SessionEnd;
import dev.tapedeck.store.SessionStatus;
import dev.tapedeck.store.Stream;
import dev.tapedeck.store.Write;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * Query latency of a real {@code tapedeck serve} on a big database, over real HTTP on loopback,
 * and the timing of SSE replays. Builds the database first when it is missing (default 10,000,000
 * lines and 1,000,000 extraction events in 1,000 sessions of 20 agents over 30 days, fully
 * search-indexed), then sends every query route a few hundred requests one after another with
 * varied parameters and prints p50/p99/max per route (and for a {@code /metrics} scrape) as a Markdown
 * table.
 *
 * <p>Run from the repository root: {@code java -Xmx1g -cp bench/target/benchmarks.jar
 * dev.tapedeck.bench.QueryHarness [--db PATH] [--lines N] [--events N] [--requests N]}.
 */
public final class QueryHarness {
    private static final String[] TYPES = {"error", "warning", "tool_call", "shell_command", "file_operation",
        "test_result", "token_usage"};
    private static final String[] WORDS = {"compiling", "module", "checking", "resolved", "fetching", "linking",
        "running", "tests", "passed", "warning", "unused", "variable", "index", "cache", "request", "response",
        "timeout", "retry", "parser", "config", "build", "deploy", "schema", "query", "handler", "stream"};
    private static final int AGENTS = 20;
    private static final int SESSIONS = 1_000;

    private QueryHarness() {
    }

    public static void main(String[] args) throws Exception {
        Path dbPath = Path.of(arg(args, "--db", "query-bench.db"));
        long lines = Long.parseLong(arg(args, "--lines", "10000000"));
        long events = Long.parseLong(arg(args, "--events", "1000000"));
        int requests = Integer.parseInt(arg(args, "--requests", "300"));
        if (!Files.exists(dbPath)) {
            long start = System.nanoTime();
            build(dbPath, lines, events);
            System.out.printf("built %s: %,d lines, %,d events in %.0f s, %,d bytes%n", dbPath, lines, events,
                    (System.nanoTime() - start) / 1e9, Files.size(dbPath));
        }
        try (Database db = Database.open(dbPath)) {
            long start = System.nanoTime();
            long indexed = indexAll(db);
            System.out.printf("search index: %,d rows indexed in %.0f s%n", indexed,
                    (System.nanoTime() - start) / 1e9);
            try (Daemon daemon = Daemon.start(db, "127.0.0.1", 0)) {
                String base = "http://127.0.0.1:" + daemon.address().getPort();
                HttpClient http = HttpClient.newHttpClient();
                queries(http, base, requests);
                replays(http, base);
            }
        }
    }

    /** The value after name in args, else fallback; shared by the harnesses. */
    static String arg(String[] args, String name, String fallback) {
        int i = Arrays.asList(args).indexOf(name);
        return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
    }

    /** Writes sessions spread over the last 30 days, lines 10 ms apart, events on every Nth line. */
    private static void build(Path dbPath, long lines, long events) {
        Random random = new Random(42);
        long perSession = lines / SESSIONS;
        long eventEvery = Math.max(1, lines / events);
        Instant first = Instant.now().minus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        long spacingMillis = Duration.ofDays(30).toMillis() / SESSIONS;
        try (Database db = Database.open(dbPath)) {
            for (int s = 0; s < SESSIONS; s++) {
                String agent = String.format(Locale.ROOT, "agent-%02d", s % AGENTS);
                String id = String.format(Locale.ROOT, "bench-%04d", s);
                Instant t0 = first.plusMillis(spacingMillis * s);
                put(db, NewSession.of(id, agent, t0).withCommand(agent + " --task " + s, "/work"));
                for (long n = 1; n <= perSession; n++) {
                    Instant at = t0.plusMillis(10 * n);
                    String text = line(random, n);
                    put(db, OutputLine.of(id, n, n % 10 == 0 ? Stream.STDERR : Stream.STDOUT, at, text));
                    if (n % eventEvery == 0) {
                        put(db, event(random, agent, id, at, n, text));
                    }
                    if (n % 2_000 == 0) {
                        put(db, new CodeBlock(agent, id, at, n % 4_000 == 0 ? "python" : "bash",
                                "echo step " + (n % 20_000), n, n + 2, null, null, true));
                    }
                }
                put(db, new SessionEnd(id, s % 10 == 0 ? SessionStatus.FAILED : SessionStatus.COMPLETED,
                        s % 10 == 0 ? 1 : 0, t0.plusMillis(10 * (perSession + 1)), 0, null));
                if (s % 100 == 99) {
                    System.out.printf("  %d sessions written%n", s + 1);
                }
            }
            ticks(db);
        }
    }

    /** 500 lines 10 ms apart, for the replay timing. */
    private static void ticks(Database db) {
        Instant t0 = Instant.now().minus(1, ChronoUnit.HOURS);
        put(db, NewSession.of("ticks", "ticker", t0));
        for (int i = 1; i <= 500; i++) {
            put(db, OutputLine.of("ticks", i, Stream.STDOUT, t0.plusMillis(10L * i), "tick " + i));
        }
        put(db, new SessionEnd("ticks", SessionStatus.COMPLETED, 0, t0.plusMillis(5_010), 0, null));
    }

    private static String line(Random random, long n) {
        if (n % 997 == 0) {
            return "Error: mismatched types in handler" + (n % 50);
        }
        StringBuilder text = new StringBuilder(80);
        for (int w = 0; w < 8; w++) {
            text.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
        }
        return text.append(n).toString();
    }

    private static Extraction event(Random random, String agent, String session, Instant at, long n, String text) {
        String type = TYPES[random.nextInt(TYPES.length)];
        RiskLevel risk = type.equals("shell_command") ? RiskLevel.values()[random.nextInt(3)] : null;
        return Extraction.of(agent, session, at, type, type + "-pattern-" + random.nextInt(3),
                WORDS[random.nextInt(WORDS.length)] + " " + n).withLine(n, text).withRisk(risk, false);
    }

    private static void put(Database db, Write write) {
        if (!db.writes().append(write, Duration.ofMinutes(1))) {
            throw new IllegalStateException("the store did not take a write within a minute");
        }
    }

    private static long indexAll(Database db) {
        long total = 0;
        try (SearchIndexer indexer = db.openSearchIndexer()) {
            int n;
            while ((n = indexer.indexSome(2_000, 20_000)) > 0) {
                total += n;
            }
        }
        return total;
    }

    private static void queries(HttpClient http, String base, int requests) throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<Route> routes = List.of(
                new Route("extractions (agent, type)", i -> "/api/query/extractions?agent=" + agent(i) + "&type="
                        + TYPES[i % TYPES.length] + "&limit=50"),
                new Route("extractions (session, risk, since)", i -> "/api/query/extractions?session=" + session(i)
                        + "&risk=high&since=" + now.minus(40, ChronoUnit.DAYS) + "&limit=50"),
                new Route("extractions (all, limit 1000)", i -> "/api/query/extractions?limit=1000"),
                new Route("code-blocks (agent, language)", i -> "/api/query/code-blocks?agent=" + agent(i)
                        + "&language=python&limit=50"),
                new Route("sessions (agent, status, days)", i -> "/api/query/sessions?agent=" + agent(i)
                        + "&status=completed&days=7&limit=50"),
                new Route("session/{id}", i -> "/api/query/session/" + session(i)),
                new Route("session/{id}/lines", i -> "/api/query/session/" + session(i) + "/lines?from_line="
                        + (1 + (i * 37) % 9_000) + "&limit=500"),
                new Route("stats/agent/{name}", i -> "/api/query/stats/agent/" + agent(i)),
                new Route("stats/pattern/{pattern}", i -> "/api/query/stats/pattern/" + TYPES[i % TYPES.length]
                        + "-pattern-" + (i % 3)),
                new Route("timeline (30 days, hour)", i -> "/api/query/timeline?from=" + now.minus(30,
                        ChronoUnit.DAYS) + "&to=" + now + "&bucket=hour"),
                new Route("timeline (agent, 6 days, minute)", i -> "/api/query/timeline?agent=" + agent(i)
                        + "&from=" + now.minus(6, ChronoUnit.DAYS) + "&to=" + now + "&bucket=minute"),
                new Route("search (two words)", i -> "/api/query/search?q=mismatched%20handler" + (i % 50)
                        + "&limit=20"),
                new Route("search (word, agent)", i -> "/api/query/search?q=" + WORDS[i % WORDS.length]
                        + "&agent=" + agent(i) + "&limit=20"),
                new Route("/metrics (Prometheus scrape)", i -> "/metrics"));
        System.out.println();
        System.out.printf("| route | requests | p50 (ms) | p99 (ms) | max (ms) |%n|---|---|---|---|---|%n");
        for (Route route : routes) {
            for (int i = 0; i < 20; i++) {
                time(http, base + route.path().apply(i));
            }
            double[] ms = new double[requests];
            for (int i = 0; i < requests; i++) {
                ms[i] = time(http, base + route.path().apply(i + 20));
            }
            Arrays.sort(ms);
            System.out.printf(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f |%n", route.name(), requests,
                    ms[requests / 2], ms[(int) Math.ceil(requests * 0.99) - 1], ms[requests - 1]);
        }
    }

    private record Route(String name, IntFunction<String> path) {
    }

    private static String agent(int i) {
        return String.format(Locale.ROOT, "agent-%02d", i % AGENTS);
    }

    private static String session(int i) {
        return String.format(Locale.ROOT, "bench-%04d", (i * 7919) % SESSIONS);
    }

    private static double time(HttpClient http, String url) throws Exception {
        long start = System.nanoTime();
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        double ms = (System.nanoTime() - start) / 1e6;
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
        return ms;
    }

    /** Replays the 500-line session at speeds 1 and 10, five times each; reports total and lateness. */
    private static void replays(HttpClient http, String base) throws Exception {
        System.out.println();
        System.out.printf("| speed | runs | expected (s) | median (s) | worst error | p99 lateness (ms) |%n"
                + "|---|---|---|---|---|---|%n");
        for (double speed : new double[] {1, 10}) {
            double expected = 4.99 / speed;
            List<Double> totals = new ArrayList<>();
            List<Double> lateness = new ArrayList<>();
            for (int run = 0; run < 5; run++) {
                long[] received = replayOnce(http, base + "/api/replay/session/ticks?include=lines&speed=" + speed);
                totals.add((received[499] - received[0]) / 1e9);
                for (int i = 0; i < 500; i++) {
                    double due = received[0] + i * 10e6 / speed;
                    lateness.add(Math.max(0, (received[i] - due) / 1e6));
                }
            }
            totals.sort(null);
            lateness.sort(null);
            double worst = totals.stream().mapToDouble(t -> Math.abs(t - expected) / expected).max().orElse(0);
            System.out.printf(Locale.ROOT, "| %.0f | 5 | %.3f | %.3f | %.2f%% | %.2f |%n", speed, expected,
                    totals.get(2), worst * 100, lateness.get((int) (lateness.size() * 0.99)));
        }
    }

    /** The arrival times (System.nanoTime) of the 500 line events of one replay. */
    private static long[] replayOnce(HttpClient http, String url) throws Exception {
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        long[] received = new long[500];
        int n = 0;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null && n < 500) {
                if (line.equals("event: line")) {
                    received[n++] = System.nanoTime();
                }
            }
        }
        if (n != 500) {
            throw new IllegalStateException("replay sent " + n + " lines, want 500");
        }
        return received;
    }
}
