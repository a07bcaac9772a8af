package dev.tapedeck.bench;

import dev.tapedeck.store.CodeBlock;
import dev.tapedeck.store.Database;
import dev.tapedeck.store.Extraction;
import dev.tapedeck.store.OutputLine;
import dev.tapedeck.store.Session;
import dev.tapedeck.store.Stream;
import dev.tapedeck.wrapper.LineSplitting;
import dev.tapedeck.wrapper.extract.Extractor;
import dev.tapedeck.wrapper.extract.PatternSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * End-to-end speed of {@code tapedeck run}: wraps {@code cat} of an agent log built from the corpus
 * (default 1,000,000 lines) with the default patterns and full recording, through the real
 * launcher, beside the bare {@code cat}, and checks that every line, event and code block is in the
 * database afterwards. Also times {@code tapedeck run -- true}, JVM start included.
 *
 * <p>Run from the repository root: {@code java -cp bench/target/benchmarks.jar
 * dev.tapedeck.bench.WrapHarness [--lines N] [--runs R]}.
 */
public final class WrapHarness {
    private WrapHarness() {
    }

    public static void main(String[] args) throws Exception {
        int lines = intArg(args, "--lines", 1_000_000);
        int runs = intArg(args, "--runs", 5);
        Path launcher = Path.of("tapedeck").toAbsolutePath();
        Path work = Files.createTempDirectory("tapedeck-wrap-bench");
        Path log = work.resolve("agent.log");
        long bytes = AgentLog.write(log, AgentLog.DEFAULT_CORPUS, lines);
        long[] expected = expectedEvents(log);
        System.out.printf("log: %,d lines, %,d bytes; expected %,d events and %,d code blocks%n", lines, bytes,
                expected[0], expected[1]);
        run(List.of(launcher.toString(), "--version"), work);

        List<Double> bare = new ArrayList<>();
        List<Double> wrapped = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            bare.add(run(List.of("cat", log.toString()), work));
            Path db = work.resolve("run-" + r + ".db");
            wrapped.add(run(List.of(launcher.toString(), "run", "--db", db.toString(), "--quiet", "--session-id",
                    "bench-" + r, "--", "cat", log.toString()), work));
            verify(db, "bench-" + r, lines, expected);
            System.out.printf("run %d: bare cat %.3f s, tapedeck run -- cat %.3f s (%,.0f lines/s), all recorded%n",
                    r + 1, bare.get(r), wrapped.get(r), lines / wrapped.get(r));
        }
        List<Double> trueRuns = new ArrayList<>();
        for (int r = 0; r < 10; r++) {
            trueRuns.add(run(List.of(launcher.toString(), "run", "--db", work.resolve("true.db").toString(),
                    "--quiet", "--", "true"), work));
        }
        System.out.println();
        System.out.println("| measurement | median | min | max |");
        System.out.println("|---|---|---|---|");
        row("bare `cat` (s)", bare);
        row("`tapedeck run -- cat` (s)", wrapped);
        System.out.printf("| `tapedeck run -- cat` (lines/s) | %,.0f | %,.0f | %,.0f |%n", lines / median(wrapped),
                lines / Collections.max(wrapped), lines / Collections.min(wrapped));
        row("`tapedeck run -- true` (s)", trueRuns);
        BenchFiles.deleteTree(work);
    }

    /** Events and code blocks the default patterns find in the log, counted in this process. */
    private static long[] expectedEvents(Path log) throws IOException {
        long[] counts = new long[2];
        long[] number = {0};
        Extractor extractor = new Extractor(PatternSet.defaults(), "bench", "bench", write -> {
            counts[0] += write instanceof Extraction ? 1 : 0;
            counts[1] += write instanceof CodeBlock ? 1 : 0;
        });
        Instant now = Instant.now();
        LineSplitting.split(Files.readAllBytes(log), 64 * 1024, (text, raw, split) ->
                extractor.accept(new OutputLine("bench", ++number[0], Stream.STDOUT, now, text, raw, split)));
        extractor.finish();
        return counts;
    }

    private static void verify(Path db, String sessionId, int lines, long[] expected) {
        try (Database database = Database.open(db)) {
            Session session = database.sessions().get(sessionId);
            if (session.totals().lines() != lines || session.totals().extractionEvents() != expected[0]
                    || session.totals().codeBlocks() != expected[1] || session.totals().droppedLines() != 0) {
                throw new IllegalStateException("incomplete recording: " + session.totals());
            }
        }
    }

    /** Runs a command with stdout discarded; returns its wall time in seconds. */
    private static double run(List<String> command, Path work) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).directory(work.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        int exit = process.waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (exit != 0) {
            throw new IllegalStateException(command + " exited " + exit);
        }
        return seconds;
    }

    private static void row(String name, List<Double> values) {
        System.out.printf("| %s | %.3f | %.3f | %.3f |%n", name, median(values), Collections.min(values),
                Collections.max(values));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }
}
