package dev.tapedeck.bench;

import dev.tapedeck.store.Database;
import dev.tapedeck.store.Extraction;
import dev.tapedeck.store.NewSession;
import dev.tapedeck.store.OutputLine;
import dev.tapedeck.store.RiskLevel;
import dev.tapedeck.store.SessionEnd;
import dev.tapedeck.store.SessionStatus;
import dev.tapedeck.store.Stream;
import dev.tapedeck.store.Write;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Wall time of {@code tapedeck ls}, JVM start included, on a database of many sessions: builds the
 * database once with the store's API when it is missing (default 100,000 sessions of 20 agents on 5
 * hosts over 90 days, generated ids, 3 lines and 5 events each: an error now and then, a high-risk
 * command, Claude's per-message and per-session usage), then runs the launcher as a process, stdout
 * to a file (not a terminal: no colour, no pager), alternating the variants, and prints the median,
 * p90 and max of each as a Markdown table. {@code tapedeck --version} is the JVM start alone.
 *
 * <p>Run from the repository root after {@code ./tapedeck --version} has built the jar and its
 * archive: {@code java -cp bench/target/benchmarks.jar dev.tapedeck.bench.LsHarness [--db PATH]
 * [--sessions N] [--runs N] [--launcher ./tapedeck]}.
 */
public final class LsHarness {
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    private LsHarness() {
    }

    public static void main(String[] args) throws Exception {
        Path db = Path.of(QueryHarness.arg(args, "--db", "ls-bench.db")).toAbsolutePath();
        int sessions = Integer.parseInt(QueryHarness.arg(args, "--sessions", "100000"));
        int runs = Integer.parseInt(QueryHarness.arg(args, "--runs", "21"));
        String launcher = QueryHarness.arg(args, "--launcher", "./tapedeck");
        if (!Files.exists(db)) {
            long start = System.nanoTime();
            build(db, sessions);
            System.out.printf("built %s: %,d sessions in %.0f s, %,d bytes%n", db, sessions,
                    (System.nanoTime() - start) / 1e9, Files.size(db));
        }
        String[][] variants = {
            {"--version"},
            {"ls", "--db", db.toString()},
            {"ls", "--db", db.toString(), "--agent", "agent-7"},
            {"ls", "--db", db.toString(), "--status", "failed", "--since", "30d"},
            {"ls", "--db", db.toString(), "-o", "json"},
            {"ls", "--db", db.toString(), "-n", "1000"},
        };
        report(launcher, variants, runs, db);
    }

    /**
     * Runs each variant once to warm the page cache, then runs times in turn (variants alternating,
     * so that the machine's drift falls on all alike), and prints median, p90 (nearest rank) and max as
     * Markdown.
     */
    static void report(String launcher, String[][] variants, int runs, Path db) throws Exception {
        List<List<Long>> times = new ArrayList<>();
        for (int v = 0; v < variants.length; v++) {
            times.add(new ArrayList<>());
            run(launcher, variants[v]);
        }
        for (int r = 0; r < runs; r++) {
            for (int v = 0; v < variants.length; v++) {
                times.get(v).add(run(launcher, variants[v]));
            }
        }
        System.out.println("| command | median | p90 | max |");
        System.out.println("|---|---|---|---|");
        for (int v = 0; v < variants.length; v++) {
            long[] ms = times.get(v).stream().mapToLong(Long::longValue).sorted().toArray();
            String shown = String.join(" ", variants[v]).replace(db.toString(), "DB");
            System.out.printf(Locale.ROOT, "| `tapedeck %s` | %d ms | %d ms | %d ms |%n", shown, ms[ms.length / 2],
                    ms[(int) Math.ceil(ms.length * 0.9) - 1], ms[ms.length - 1]);
        }
    }

    /** Milliseconds from start to exit of one run of the launcher; fails on a non-zero exit. */
    private static long run(String launcher, String[] args) throws Exception {
        List<String> command = new ArrayList<>(List.of(launcher));
        command.addAll(Arrays.asList(args));
        File out = File.createTempFile("ls-bench", ".out");
        try {
            long start = System.nanoTime();
            Process process = new ProcessBuilder(command).redirectOutput(out).redirectError(ProcessBuilder.Redirect.INHERIT)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            int exit = process.waitFor();
            long ms = (System.nanoTime() - start) / 1_000_000;
            if (exit != 0) {
                throw new IllegalStateException(command + " exited with " + exit);
            }
            return ms;
        } finally {
            Files.deleteIfExists(out.toPath());
        }
    }

    private static void build(Path path, int sessions) {
        Random random = new Random(15);
        Instant first = Instant.parse("2026-09-01T00:00:00Z");
        long spanSeconds = Duration.ofDays(90).toSeconds();
        SessionStatus[] ends = {SessionStatus.COMPLETED, SessionStatus.COMPLETED, SessionStatus.COMPLETED,
            SessionStatus.FAILED, SessionStatus.KILLED, SessionStatus.INTERRUPTED};
        try (Database db = Database.open(path)) {
            for (int i = 0; i < sessions; i++) {
                Instant start = first.plusSeconds(spanSeconds * i / sessions);
                String id = ID_TIME.format(start) + "-" + String.format("%06x", random.nextInt(1 << 24));
                String agent = "agent-" + random.nextInt(20);
                put(db, NewSession.of(id, agent, start).withCommand("claude -p 'task " + i + "'", "/work/p" + i % 50)
                        .withProcess("host-" + random.nextInt(5), 1000L + i, null, null));
                for (int l = 1; l <= 3; l++) {
                    put(db, OutputLine.of(id, l, Stream.STDOUT, start.plusMillis(l), "line " + l + " of " + id));
                }
                Instant at = start.plusMillis(2);
                put(db, Extraction.of(agent, id, at, "token_usage", "claude_stream_json", "100 in / 50 out")
                        .withMetadata("{\"input_tokens\":100,\"output_tokens\":50,\"scope\":\"message\"}", null));
                put(db, Extraction.of(agent, id, at, "token_usage", "claude_stream_json", "900 in / 400 out")
                        .withMetadata("{\"input_tokens\":900,\"output_tokens\":400,\"total_cost_usd\":0.05,"
                                + "\"scope\":\"session\"}", null));
                put(db, Extraction.of(agent, id, at, "shell_command", "claude_stream_json", "rm -rf build")
                        .withRisk(i % 4 == 0 ? RiskLevel.HIGH : RiskLevel.LOW, false));
                put(db, Extraction.of(agent, id, at, i % 3 == 0 ? "error" : "warning", "generic_error", "boom " + i));
                put(db, Extraction.of(agent, id, at, "tool_call", "claude_stream_json", "Bash"));
                SessionStatus status = ends[random.nextInt(ends.length)];
                put(db, new SessionEnd(id, status, status == SessionStatus.COMPLETED ? 0 : 1,
                        start.plusSeconds(1 + random.nextInt(3600)), 0, null));
            }
            db.flush();
        }
    }

    private static void put(Database db, Write write) {
        if (!db.writes().append(write, Duration.ofMinutes(1))) {
            throw new IllegalStateException("the store did not take a write within a minute");
        }
    }
}
