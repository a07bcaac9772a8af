package dev.tapedeck.bench;

import dev.tapedeck.api.Daemon;
import dev.tapedeck.api.HttpLimits;
import dev.tapedeck.store.Database;
import dev.tapedeck.store.Extraction;
import dev.tapedeck.store.NewSession;
import dev.tapedeck.store.OutputLine;
import dev.tapedeck.store.SessionEnd;
import dev.tapedeck.store.SessionStatus;
import dev.tapedeck.store.Stream;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The daemon under many live clients on a big database: N SSE clients on the events stream, a
 * query loop at a fixed rate, and a session writing events all the while; reports whether every
 * client got every event, query latency under that load, and the heap. Runs the daemon in this JVM,
 * so {@code -Xmx} is the daemon's heap bound.
 *
 * <p>Run from the repository root, after {@code QueryHarness} has built its database:
 * {@code java -Xmx256m -cp bench/target/benchmarks.jar dev.tapedeck.bench.SseLoadHarness
 * --db /tmp/qb/big.db [--clients 200] [--qps 50] [--seconds 60] [--events-per-second 100]}.
 */
public final class SseLoadHarness {
    private SseLoadHarness() {
    }

    public static void main(String[] args) throws Exception {
        Path dbPath = Path.of(QueryHarness.arg(args, "--db", "query-bench.db"));
        int clients = Integer.parseInt(QueryHarness.arg(args, "--clients", "200"));
        int qps = Integer.parseInt(QueryHarness.arg(args, "--qps", "50"));
        int seconds = Integer.parseInt(QueryHarness.arg(args, "--seconds", "60"));
        int eventsPerSecond = Integer.parseInt(QueryHarness.arg(args, "--events-per-second", "100"));
        if (!Files.exists(dbPath)) {
            throw new IllegalArgumentException("no database at " + dbPath + ": build it with QueryHarness first");
        }
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        try (Database db = Database.open(dbPath); Daemon daemon = Daemon.start(db, "127.0.0.1", 0,
                new HttpLimits(Math.max(clients, HttpLimits.DEFAULT_MAX_STREAMS), HttpLimits.DEFAULT.headerTimeoutMillis(),
                        HttpLimits.DEFAULT.idleTimeoutMillis()))) {
            String base = "http://127.0.0.1:" + daemon.address().getPort();
            HttpClient http = HttpClient.newBuilder().executor(java.util.concurrent.Executors.newFixedThreadPool(4))
                    .build();
            String agent = "load-" + System.currentTimeMillis();
            List<AtomicLong> received = new ArrayList<>();
            List<Thread> readers = new ArrayList<>();
            List<InputStream> bodies = new CopyOnWriteArrayList<>();
            for (int c = 0; c < clients; c++) {
                AtomicLong count = new AtomicLong();
                received.add(count);
                HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(base
                        + "/api/stream/events?type=error&agent=" + agent)).build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                bodies.add(r.body());
                Thread reader = new Thread(() -> readEvents(r.body(), count), "client-" + c);
                reader.setDaemon(true);
                reader.start();
                readers.add(reader);
            }
            System.out.printf("%d SSE clients connected%n", clients);

            AtomicBoolean running = new AtomicBoolean(true);
            long[] heapMax = new long[1];
            Thread sampler = new Thread(() -> {
                while (running.get()) {
                    heapMax[0] = Math.max(heapMax[0], memory.getHeapMemoryUsage().getUsed());
                    sleep(200);
                }
            }, "heap-sampler");
            sampler.start();
            List<Double> latencies = new CopyOnWriteArrayList<>();
            AtomicLong failures = new AtomicLong();
            Thread queries = new Thread(() -> queryLoop(http, base, qps, running, latencies, failures), "queries");
            queries.start();

            long written = writeEvents(db, agent, eventsPerSecond, seconds);
            System.out.printf("%,d error events written over %d s%n", written, seconds);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline && received.stream().anyMatch(n -> n.get() < written)) {
                sleep(100);
            }
            running.set(false);
            queries.join();
            sampler.join();
            long complete = received.stream().filter(n -> n.get() == written).count();
            long over = received.stream().filter(n -> n.get() > written).count();
            double[] ms = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.gc();
            long heapAfter = memory.getHeapMemoryUsage().getUsed();
            String health = new String(http.send(HttpRequest.newBuilder(URI.create(base + "/api/health")).build(),
                    HttpResponse.BodyHandlers.ofByteArray()).body(), StandardCharsets.UTF_8);
            System.out.println();
            System.out.println("| measurement | value |\n|---|---|");
            System.out.printf(Locale.ROOT, "| SSE clients | %d |%n", clients);
            System.out.printf(Locale.ROOT, "| clients that got all %,d events | %d (more than all: %d) |%n", written,
                    complete, over);
            System.out.printf(Locale.ROOT, "| queries | %d at %d/s, %d failed |%n", ms.length, qps, failures.get());
            if (ms.length > 0) {
                System.out.printf(Locale.ROOT, "| query p50 / p99 / max (ms) | %.1f / %.1f / %.1f |%n", ms[ms.length / 2],
                        ms[(int) Math.ceil(ms.length * 0.99) - 1], ms[ms.length - 1]);
            }
            System.out.printf(Locale.ROOT, "| heap max used / after GC (MB) | %.0f / %.0f of %.0f |%n", heapMax[0] / 1e6,
                    heapAfter / 1e6, memory.getHeapMemoryUsage().getMax() / 1e6);
            System.out.println("| health streams | " + health.replaceAll(".*\"streams\":(\\{[^}]*}).*", "$1") + " |");
            for (InputStream body : bodies) {
                body.close();
            }
        }
    }

    private static void readEvents(InputStream body, AtomicLong count) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.equals("event: extraction")) {
                    count.incrementAndGet();
                }
            }
        } catch (java.io.IOException e) {
            // Closed at the end.
        }
    }

    private static long writeEvents(Database db, String agent, int perSecond, int seconds) {
        String session = agent + "-session";
        db.writes().append(NewSession.of(session, agent, Instant.now()));
        long n = 0;
        long start = System.nanoTime();
        long total = (long) perSecond * seconds;
        while (n < total) {
            long due = start + n * 1_000_000_000L / perSecond;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                sleep(wait / 1_000_000);
            }
            n++;
            Instant now = Instant.now();
            db.writes().append(OutputLine.of(session, n, Stream.STDOUT, now, "Error: load " + n));
            db.writes().append(Extraction.of(agent, session, now, "error", "load", "load " + n).withLine(n,
                    "Error: load " + n));
        }
        db.writes().append(new SessionEnd(session, SessionStatus.COMPLETED, 0, Instant.now(), 0, null));
        db.flush();
        return total;
    }

    private static void queryLoop(HttpClient http, String base, int qps, AtomicBoolean running, List<Double> latencies,
                                  AtomicLong failures) {
        String[] paths = {"/api/query/extractions?type=error&limit=50", "/api/query/sessions?limit=50",
            "/api/query/stats/agent/agent-03", "/api/query/timeline?bucket=hour",
            "/api/query/search?q=mismatched%20handler7", "/api/query/session/bench-0042/lines?limit=200"};
        long start = System.nanoTime();
        long n = 0;
        while (running.get()) {
            long wait = start + n * 1_000_000_000L / qps - System.nanoTime();
            if (wait > 0) {
                sleep(wait / 1_000_000);
            }
            String path = paths[(int) (n++ % paths.length)];
            long t = System.nanoTime();
            try {
                int status = http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                latencies.add((System.nanoTime() - t) / 1e6);
                if (status != 200) {
                    failures.incrementAndGet();
                }
            } catch (Exception e) {
                failures.incrementAndGet();
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(Math.max(0, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
