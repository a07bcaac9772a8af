package dev.tapedeck.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many recorders on one database at once, with a daemon serving live SSE clients and a query loop:
 * afterwards every line and every error event is there exactly, no recorder saw the database
 * locked, and every SSE client got every event exactly once.
 *
 * <p>CI runs a short form (10 recorders × 10,000 lines). The full form of the issue:
 * {@code mvn -pl tests test -Dtest=SoakTest -Dtapedeck.soak.lines=100000} (and
 * {@code -Dtapedeck.soak.recorders=N}, {@code -Dtapedeck.soak.clients=N} to push further).
 */
class SoakTest {
    private static final int RECORDERS = Integer.getInteger("tapedeck.soak.recorders", 10);
    private static final int LINES = Integer.getInteger("tapedeck.soak.lines", 10_000);
    private static final int CLIENTS = Integer.getInteger("tapedeck.soak.clients", 20);

    @TempDir
    Path dir;

    @Test
    void recordersDaemonClientsAndQueriesTogetherLoseAndDuplicateNothing() throws Exception {
        Path db = dir.resolve("soak.db");
        long errorsPerRecorder = LINES / 10;
        long expectedErrors = errorsPerRecorder * RECORDERS;
        try (Served served = Served.start(dir, db)) {
            List<Set<String>> received = new ArrayList<>();
            AtomicLong duplicates = new AtomicLong();
            List<Served.Sse> clients = new ArrayList<>();
            List<Thread> readers = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                Set<String> ids = ConcurrentHashMap.newKeySet();
                received.add(ids);
                Served.Sse sse = served.stream("/api/stream/events?agent=soak&type=error", null);
                clients.add(sse);
                Thread reader = new Thread(() -> {
                    try {
                        Served.Frame f;
                        while ((f = sse.next()) != null) {
                            if (f.event().equals("extraction") && !ids.add(f.id())) {
                                duplicates.incrementAndGet();
                            }
                        }
                    } catch (java.io.IOException e) {
                        // Closed at the end.
                    }
                }, "sse-client-" + c);
                reader.start();
                readers.add(reader);
            }
            assertThat(TestSupport.await(30, () -> served.bodyOf("/api/health")
                    .contains("\"events\":" + CLIENTS))).isTrue();

            AtomicBoolean recording = new AtomicBoolean(true);
            List<String> queryFailures = new CopyOnWriteArrayList<>();
            AtomicLong queries = new AtomicLong();
            Thread queryLoop = new Thread(() -> {
                String[] paths = {"/api/query/extractions?agent=soak&type=error&limit=100",
                    "/api/query/sessions?agent=soak", "/api/query/timeline?agent=soak&bucket=minute",
                    "/api/query/stats/agent/soak", "/api/query/search?q=soak"};
                int i = 0;
                while (recording.get()) {
                    String path = paths[i++ % paths.length];
                    try {
                        int status = served.get(path).status();
                        if (status != 200 && !(status == 404 && path.contains("stats"))) {
                            queryFailures.add(path + " -> " + status);
                        }
                        queries.incrementAndGet();
                    } catch (Exception e) {
                        queryFailures.add(path + " -> " + e);
                    }
                }
            }, "query-loop");
            queryLoop.start();

            String program = "BEGIN { for (i = 1; i <= " + LINES + "; i++) { if (i % 10 == 0) print \"Error: soak \" i;"
                    + " else print \"soak line \" i } }";
            List<Process> recorders = new ArrayList<>();
            for (int r = 0; r < RECORDERS; r++) {
                recorders.add(new ProcessBuilder(TestSupport.javaBin(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar",
                        TestSupport.JAR.toAbsolutePath().toString(), "run", "--quiet", "--db", db.toString(),
                        "--agent", "soak", "--session-id", "soak-" + r, "--", "awk", program)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(dir.resolve("recorder-" + r + ".err").toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start());
            }
            for (int r = 0; r < RECORDERS; r++) {
                Process p = recorders.get(r);
                assertThat(p.waitFor(600, TimeUnit.SECONDS)).as("recorder %d finished", r).isTrue();
                String err = Files.readString(dir.resolve("recorder-" + r + ".err"));
                assertThat(p.exitValue()).as("recorder %d: %s", r, err).isZero();
                assertThat(err).as("recorder %d stderr", r).doesNotContainIgnoringCase("locked")
                        .doesNotContain("SQLITE_BUSY").doesNotContain("warning").doesNotContain("WARN");
            }

            // Every client gets every error event, once.
            assertThat(TestSupport.await(120, () -> received.stream().allMatch(s -> s.size() == expectedErrors)))
                    .as("events per client: %s", received.stream().map(Set::size).toList()).isTrue();
            recording.set(false);
            queryLoop.join(30_000);
            for (Served.Sse sse : clients) {
                sse.close();
            }
            for (Thread reader : readers) {
                reader.join(10_000);
            }
            assertThat(duplicates.get()).isZero();
            assertThat(queryFailures).isEmpty();
            assertThat(queries.get()).isPositive();
            assertThat(served.log()).doesNotContain("ERROR").doesNotContainIgnoringCase("locked");
        }
        Map<String, String> counts = Map.of(
                "SELECT sum(total_lines_processed) FROM process_sessions WHERE agent_name = 'soak'",
                Long.toString((long) LINES * RECORDERS),
                "SELECT sum(line_count) FROM output_chunks", Long.toString((long) LINES * RECORDERS),
                "SELECT count(*) FROM extraction_events WHERE event_type = 'error'", Long.toString(expectedErrors),
                "SELECT sum(dropped_lines) FROM process_sessions", "0",
                "SELECT count(*) FROM process_sessions WHERE status = 'completed'", Integer.toString(RECORDERS));
        for (Map.Entry<String, String> check : counts.entrySet()) {
            assertThat(TestSupport.run(List.of("sqlite3", db.toString(), check.getKey()), dir, Map.of(), null).out()
                    .strip()).as(check.getKey()).isEqualTo(check.getValue());
        }
    }
}
