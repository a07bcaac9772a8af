package dev.tapedeck.bench;

import dev.tapedeck.store.CodeBlock;
import dev.tapedeck.store.Database;
import dev.tapedeck.store.Extraction;
import dev.tapedeck.store.NewSession;
import dev.tapedeck.store.OutputLine;
import dev.tapedeck.store.RiskLevel;
import dev.tapedeck.store.SessionEnd;
import dev.tapedeck.store.SessionStatus;
import dev.tapedeck.store.Stream;
import dev.tapedeck.store.Write;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Wall time of {@code tapedeck show} on one long session, JVM start included: builds the database
 * once with the store's API when it is missing (default a session of 1,000,000 lines over 3 hours,
 * as a long agent run prints them: an event every 200 lines (5,000: 100 errors, 100 test
 * failures, shell commands of which 100 are high-risk, file reads, per-message usage, tool calls;
 * a model and the session's usage at the end), a fenced code block every 5,000 lines (200), and
 * 200 short sessions around it), then runs the launcher as a process like
 * {@link LsHarness} does, alternating the variants: the default view, {@code -o json}, and
 * {@code --lines 500000:500040}.
 *
 * <p>Run from the repository root after {@code ./tapedeck --version}: {@code java -cp
 * bench/target/benchmarks.jar dev.tapedeck.bench.ShowHarness [--db PATH] [--lines N] [--runs N]
 * [--launcher ./tapedeck]}.
 */
public final class ShowHarness {
    static final String SESSION = "20261203-090000-5e55a1";

    private ShowHarness() {
    }

    public static void main(String[] args) throws Exception {
        Path db = Path.of(QueryHarness.arg(args, "--db", "show-bench.db")).toAbsolutePath();
        int lines = Integer.parseInt(QueryHarness.arg(args, "--lines", "1000000"));
        int runs = Integer.parseInt(QueryHarness.arg(args, "--runs", "15"));
        String launcher = QueryHarness.arg(args, "--launcher", "./tapedeck");
        if (!Files.exists(db)) {
            long start = System.nanoTime();
            build(db, lines);
            System.out.printf("built %s: a session of %,d lines in %.0f s, %,d bytes%n", db, lines,
                    (System.nanoTime() - start) / 1e9, Files.size(db));
        }
        String middle = (lines / 2) + ":" + (lines / 2 + 40);
        String[][] variants = {
            {"--version"},
            {"show", SESSION, "--db", db.toString()},
            {"show", SESSION, "--db", db.toString(), "-o", "json"},
            {"show", SESSION.substring(16), "--db", db.toString(), "--lines", middle},
        };
        LsHarness.report(launcher, variants, runs, db);
    }

    private static void build(Path path, int lines) {
        Instant start = Instant.parse("2026-12-03T09:00:00Z");
        long spanMicros = Duration.ofHours(3).toNanos() / 1000;
        try (Database db = Database.open(path)) {
            for (int s = 0; s < 200; s++) {
                String id = String.format("20261202-%02d%02d00-%06x", s / 60 % 24, s % 60, s * 7919);
                Instant at = start.minus(Duration.ofHours(24)).plusSeconds(s * 60L);
                put(db, NewSession.of(id, "claude", at).withCommand("claude -p 'task " + s + "'", "/work"));
                put(db, OutputLine.of(id, 1, Stream.STDOUT, at, "done"));
                put(db, new SessionEnd(id, SessionStatus.COMPLETED, 0, at.plusSeconds(30), 0, null));
            }
            put(db, NewSession.of(SESSION, "claude", start).withCommand("claude -p 'port the build to gradle'",
                    "/work/shop").withProcess("bench", 4242L, null, null));
            List<Write> events = new ArrayList<>();
            for (int n = 1; n <= lines; n++) {
                Instant at = start.plusNanos(spanMicros * 1000 / lines * n);
                put(db, OutputLine.of(SESSION, n, n % 50 == 0 ? Stream.STDERR : Stream.STDOUT, at,
                        "line " + n + " of the build: compiling module " + (n % 97) + " (" + (n * 31 % 1000) + " ms)"));
                events.clear();
                if (n % 200 == 0) {
                    events.add(event(n, at));
                }
                if (n % 5000 == 100) {
                    events.add(new CodeBlock("claude", SESSION, at, n % 2 == 0 ? "python" : "sh",
                            "def step_" + n + "():\n    return " + n + "\n", n - 3, n - 1, null, true, true));
                }
                events.forEach(e -> put(db, e));
            }
            Instant end = start.plusNanos(spanMicros * 1000);
            put(db, Extraction.of("claude", SESSION, end, "model", "claude_stream_json", "claude-sonnet-4-5"));
            put(db, Extraction.of("claude", SESSION, end, "token_usage", "claude_stream_json", "1200000 in / 90000 out")
                    .withMetadata("{\"input_tokens\":1200000,\"output_tokens\":90000,\"total_cost_usd\":14.2,"
                            + "\"scope\":\"session\"}", null));
            put(db, new SessionEnd(SESSION, SessionStatus.FAILED, 1, end, 0, null));
            db.flush();
        }
    }

    /** Of every 50 events: one error, one test failure, then shell commands, file reads, usage, tool calls. */
    private static Write event(int n, Instant at) {
        int k = n / 200 % 50;
        String line = "line " + n;
        Extraction x = switch (k == 1 || k == 2 ? k : 10 + k % 5) {
            case 1 -> Extraction.of("claude", SESSION, at, "error", "generic_error", "error: cannot find symbol " + n);
            case 2 -> Extraction.of("claude", SESSION, at, "test_failure", "gradle",
                    "ShopTest > checkout" + n + " FAILED");
            case 10 -> Extraction.of("claude", SESSION, at, "shell_command", "claude_stream_json",
                    k == 0 ? "rm -rf build/" + n : "./gradlew test --tests Shop" + n)
                    .withRisk(k == 0 ? RiskLevel.HIGH : RiskLevel.LOW, false);
            case 11, 12 -> Extraction.of("claude", SESSION, at, "file_read", "claude_stream_json",
                    "src/Shop" + n + ".java");
            case 13 -> Extraction.of("claude", SESSION, at, "token_usage", "claude_stream_json", "900 in / 40 out")
                    .withMetadata("{\"input_tokens\":900,\"output_tokens\":40,\"scope\":\"message\"}", null);
            default -> Extraction.of("claude", SESSION, at, "tool_call", "claude_stream_json", "Bash");
        };
        return x.withLine(n, line);
    }

    private static void put(Database db, Write write) {
        if (!db.writes().append(write, Duration.ofMinutes(1))) {
            throw new IllegalStateException("the store did not take a write within a minute");
        }
    }
}
